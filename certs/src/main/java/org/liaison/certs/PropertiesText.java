package org.liaison.certs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Builds a {@code .properties} file in a chosen key order, with comments, in pure ASCII
 * ({@code \}{@code uXXXX} escapes) so that it reads back the same whether the reader uses
 * {@link Properties#load(java.io.InputStream)} (ISO-8859-1) or a UTF-8 {@link Reader}.
 */
final class PropertiesText {

    private final StringBuilder text = new StringBuilder();

    PropertiesText comment(String line) {
        text.append("# ").append(escape(line, false)).append('\n');
        return this;
    }

    PropertiesText blank() {
        text.append('\n');
        return this;
    }

    PropertiesText put(String key, String value) {
        text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n');
        return this;
    }

    String text() {
        return text.toString();
    }

    void writeTo(Path file) {
        PkiFiles.writeString(file, text(), false);
    }

    /** Reads a properties file as UTF-8 (escapes and plain UTF-8 both work). */
    static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new PkiException("file not found: " + file, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** Returns the trimmed value of {@code key}, or throws an exception naming the file and key. */
    static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new PkiException(file + ": missing required key '" + key + "'");
        }
        return value.strip();
    }

    private static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append(key ? "\\" + c : String.valueOf(c));
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
