package org.liaison.client.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file's contents all at once: readers (other CLI processes included) see either the old
 * file or the new one, never a half-written one, and a crash leaves the old file in place.
 */
public final class AtomicFile {

    private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

    private AtomicFile() {
    }

    /** Writes {@code contents} to a temporary file next to {@code file}, syncs it, then renames it over the file. */
    public static void write(Path file, byte[] contents) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(contents);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Synced before the rename, so that a power loss cannot leave an empty file under the final name.
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                log.warn("cannot delete temporary file {}: {}", temporary, e.toString());
            }
        }
    }
}
