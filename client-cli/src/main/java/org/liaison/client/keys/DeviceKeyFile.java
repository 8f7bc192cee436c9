package org.liaison.client.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import org.liaison.client.crypto.DeviceKeyStore;
import org.liaison.client.crypto.DeviceKeyStoreException;
import org.liaison.client.crypto.DeviceKeys;

/**
 * The device's key file as the keyring uses it: opened once per instance (the passphrase
 * derivation is the expensive part) and again only when the file changed on disk, with failures
 * that say what the officer can do. Thread-safe.
 */
final class DeviceKeyFile {

    private final DeviceKeyStore store;
    private final char[] passphrase;
    /** The keys last opened and the exact file bytes they came from; guarded by this. */
    private LoadedKeys loaded;

    private record LoadedKeys(byte[] fileContents, DeviceKeys keys) {
    }

    /** The key file of the profile in {@code profileDir}, encrypted under {@code passphrase} (copied). */
    DeviceKeyFile(Path profileDir, char[] passphrase) {
        this.store = DeviceKeyStore.inProfile(profileDir);
        this.passphrase = passphrase.clone();
    }

    Path file() {
        return store.file();
    }

    boolean exists() {
        return store.exists();
    }

    /**
     * The keys in the file.
     *
     * @throws DeviceKeysMissingException if there is no file
     * @throws DeviceKeyringException if it cannot be read or opened with the passphrase
     */
    synchronized DeviceKeys keys() {
        byte[] contents = read();
        if (loaded != null && Arrays.equals(loaded.fileContents(), contents)) {
            return loaded.keys();
        }
        DeviceKeys keys = guarded(() -> store.load(passphrase));
        // Every save uses a fresh salt and nonce, so equal bytes mean these very keys.
        loaded = new LoadedKeys(contents, keys);
        return keys;
    }

    /**
     * New keys saved to a file that did not exist; if another process creates it at the same
     * moment, its keys.
     */
    synchronized DeviceKeys generate() {
        DeviceKeys keys = guarded(() -> store.loadOrGenerate(passphrase));
        // Not remembered with the file's bytes: another process could replace the file before they are read.
        loaded = null;
        return keys;
    }

    /** Replaces the keys in the file (a rotation). */
    synchronized void replace(DeviceKeys keys) {
        guarded(() -> {
            store.save(keys, passphrase);
            return null;
        });
        loaded = null;
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(store.file());
        } catch (NoSuchFileException e) {
            throw new DeviceKeysMissingException(store.file());
        } catch (IOException e) {
            throw new DeviceKeyringException("cannot read this device's end-to-end keys " + store.file() + ": "
                    + e.getMessage(), e);
        }
    }

    private <T> T guarded(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DeviceKeyStoreException e) {
            throw explain(e);
        } catch (IllegalArgumentException e) {
            throw new DeviceKeyringException("the device keys in " + store.file()
                    + " cannot be protected by an empty passphrase (is the identity password empty?)", e);
        }
    }

    private DeviceKeyringException explain(DeviceKeyStoreException e) {
        String remedy = "remove " + store.file() + " and run 'liaison keys init'"
                + " (other officers will be warned that your keys changed)";
        if (e.getCause() instanceof AEADBadTagException) {
            remedy = "the keys are encrypted under the identity password they were made with; if that password"
                    + " has changed, they cannot be opened any more: " + remedy;
        }
        return new DeviceKeyringException(e.getMessage() + "; " + remedy, e);
    }

    /** Never shows the passphrase. */
    @Override
    public String toString() {
        return "DeviceKeyFile[" + store.file() + "]";
    }
}
