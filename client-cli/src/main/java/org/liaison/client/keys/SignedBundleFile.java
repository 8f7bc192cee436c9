package org.liaison.client.keys;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.liaison.proto.v1.SignedKeyBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed key bundle this device last made, kept next to its keys so that it is not re-signed
 * (and does not look new to the server) on every run. It holds public data only; a missing or
 * unreadable file just means the bundle is signed again.
 */
final class SignedBundleFile {

    private static final Logger log = LoggerFactory.getLogger(SignedBundleFile.class);

    private final Path file;

    SignedBundleFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path file() {
        return file;
    }

    /** The stored bundle; empty when there is none or it cannot be read (it is signed again then). */
    Optional<SignedKeyBundle> read() {
        try {
            return Optional.of(SignedKeyBundle.parseFrom(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InvalidProtocolBufferException e) {
            log.warn("ignoring the damaged signed key bundle {}: it will be signed again", file);
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read the signed key bundle {} ({}): it will be signed again", file, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Replaces the stored bundle atomically.
     *
     * @throws DeviceKeyringException naming the file if it cannot be written
     */
    void write(SignedKeyBundle bundle) {
        try {
            AtomicFile.write(file, bundle.toByteArray());
        } catch (IOException e) {
            throw new DeviceKeyringException("cannot write the signed key bundle " + file + ": " + e.getMessage(), e);
        }
    }
}
