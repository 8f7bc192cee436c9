package org.liaison.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes PKI files atomically, private ones readable by their owner only. */
final class PkiFiles {

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private PkiFiles() {
    }

    /**
     * Replaces {@code file} with {@code content} through a temporary file in the same directory, so
     * that a reader never sees half a key or half a CRL.
     *
     * @param secret whether the file holds a key or a password (mode 0600 where POSIX permissions exist)
     */
    static void write(Path file, byte[] content, boolean secret) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            // createTempFile makes the file 0600 on POSIX file systems before any byte is written
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.write(temp, content);
                if (!secret && supportsPosix(temp)) {
                    Files.setPosixFilePermissions(temp, PUBLIC);
                }
                moveReplacing(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            if (secret && supportsPosix(target)) {
                Files.setPosixFilePermissions(target, PRIVATE);
            }
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void writeString(Path file, String content, boolean secret) {
        write(file, content.getBytes(StandardCharsets.UTF_8), secret);
    }

    static String readString(Path file) {
        return new String(read(file), StandardCharsets.UTF_8);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException("file not found: " + file, e);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PkiException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static boolean supportsPosix(Path file) {
        return Files.getFileAttributeView(file, PosixFileAttributeView.class) != null;
    }

    private static void moveReplacing(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
