package org.liaison.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for strings in raw bytes the way someone who took the server's disk or logs would:
 * every file under a directory, byte for byte, in UTF-8, UTF-16LE and UTF-16BE, without parsing
 * anything. A scan reports where each hit is, so a failure says which file leaked what.
 */
final class ByteScan {
  /** The encodings a leaked string is searched in. */
  static final List<Charset> ENCODINGS =
      List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

  private ByteScan() {}

  /** One occurrence of a searched string. */
  record Hit(String where, String needle, Charset encoding, long offset) {
    @Override
    public String toString() {
      return needle + " (" + encoding + ") in " + where + " at byte " + offset;
    }
  }

  /** Index of the first occurrence of {@code needle} in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    if (needle.length == 0) {
      return 0;
    }
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Every occurrence of every needle, in every encoding, in the bytes of {@code where}. */
  static List<Hit> scan(String where, byte[] bytes, Collection<String> needles) {
    List<Hit> hits = new ArrayList<>();
    for (String needle : needles) {
      for (Charset encoding : ENCODINGS) {
        int at = indexOf(bytes, needle.getBytes(encoding));
        if (at >= 0) {
          hits.add(new Hit(where, needle, encoding, at));
        }
      }
    }
    return hits;
  }

  /** Every occurrence in every regular file under {@code dir} (all of each file, read raw). */
  static List<Hit> scanFiles(Path dir, Collection<String> needles) throws IOException {
    List<Hit> hits = new ArrayList<>();
    for (Path file : files(dir)) {
      hits.addAll(scan(file.toString(), readAll(file), needles));
    }
    return hits;
  }

  /** The regular files under {@code dir}, sorted. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static byte[] readAll(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readAllBytes();
    }
  }
}
