package org.liaison.certs.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.liaison.certs.PkiException;

/** Reads a password from a file: its first line, without the line end. */
final class PasswordFiles {

    private PasswordFiles() {
    }

    /** The password in {@code file}, or null when {@code file} is null. */
    static char[] readOrNull(Path file) {
        if (file == null) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException("password file not found: " + file, e);
        } catch (IOException e) {
            throw new PkiException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        int end = 0;
        while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
            end++;
        }
        char[] password = new char[end];
        chars.get(password, 0, end);
        Arrays.fill(chars.array(), '\0');
        if (password.length == 0) {
            throw new PkiException("password file " + file + " is empty");
        }
        return password;
    }
}
