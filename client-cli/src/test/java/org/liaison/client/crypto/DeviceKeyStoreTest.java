package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceKeyStoreTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static DeviceKeys savedKeys;
    private static byte[] savedFile;

    @BeforeAll
    static void saveOnce() throws Exception {
        // One save shared by the tests that only read: each PBKDF2 derivation costs ~0.15 s.
        savedKeys = DeviceKeys.generate();
        DeviceKeyStore store = DeviceKeyStore.inProfile(shared);
        store.save(savedKeys, PASSPHRASE);
        savedFile = Files.readAllBytes(store.file());
    }

    private DeviceKeyStore storeWith(byte[] contents) throws Exception {
        DeviceKeyStore store = DeviceKeyStore.inProfile(dir);
        Files.write(store.file(), contents);
        return store;
    }

    @Test
    void savedKeysLoadBackWithThePassphrase() throws Exception {
        DeviceKeys loaded = storeWith(savedFile).load(PASSPHRASE.clone());

        assertThat(loaded.signingPublicKey()).isEqualTo(savedKeys.signingPublicKey());
        assertThat(loaded.encryptionPublicKey()).isEqualTo(savedKeys.encryptionPublicKey());
        byte[] message = "رسالة".getBytes(StandardCharsets.UTF_8);
        assertThat(DeviceKeys.verify(savedKeys.signingPublicKey(), message, loaded.sign(message))).isTrue();
    }

    @Test
    void fileHasTheDocumentedLayoutAndNoKeyInClear() {
        assertThat(DeviceKeyStore.inProfile(shared).file().getFileName()).hasToString("device-keys.bin");
        assertThat(savedFile).hasSize(DeviceKeyStore.FILE_LENGTH).hasSize(113);
        assertThat(Arrays.copyOf(savedFile, 5)).isEqualTo("LKEY1".getBytes(StandardCharsets.US_ASCII));
        assertThat(indexOf(savedFile, savedKeys.signingPrivateKey())).isEqualTo(-1);
        assertThat(indexOf(savedFile, savedKeys.encryptionPrivateKey())).isEqualTo(-1);
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws Exception {
        Path file = DeviceKeyStore.inProfile(shared).file();
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(shared)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void wrongPassphraseIsRefused() throws Exception {
        DeviceKeyStore store = storeWith(savedFile);

        assertThatExceptionOfType(DeviceKeyStoreException.class)
                .isThrownBy(() -> store.load("correct horse battery stapler".toCharArray()))
                .withMessageContaining("wrong passphrase, or the file was altered")
                .withMessageContaining(store.file().toString());
    }

    /** A flipped bit in the salt (5), the nonce (21), the ciphertext (33) or the tag (112). */
    @ParameterizedTest
    @ValueSource(ints = {5, 20, 21, 32, 33, 96, 112})
    void anyAlteredByteIsRefused(int offset) throws Exception {
        byte[] altered = savedFile.clone();
        altered[offset] ^= 0x01;
        DeviceKeyStore store = storeWith(altered);

        assertThatExceptionOfType(DeviceKeyStoreException.class)
                .isThrownBy(() -> store.load(PASSPHRASE.clone()))
                .withMessageContaining("wrong passphrase, or the file was altered");
    }

    @Test
    void otherFilesAreRefusedWithoutTryingThePassphrase() throws Exception {
        byte[] wrongMagic = savedFile.clone();
        wrongMagic[4] = '2';

        assertThatExceptionOfType(DeviceKeyStoreException.class)
                .isThrownBy(() -> storeWith(wrongMagic).load(PASSPHRASE.clone()))
                .withMessageContaining("is not a Liaison device key file");
        assertThatExceptionOfType(DeviceKeyStoreException.class)
                .isThrownBy(() -> storeWith(Arrays.copyOf(savedFile, 100)).load(PASSPHRASE.clone()))
                .withMessageContaining("is damaged: 100 bytes instead of 113");
        assertThatExceptionOfType(DeviceKeyStoreException.class)
                .isThrownBy(() -> DeviceKeyStore.inProfile(dir.resolve("absent")).load(PASSPHRASE.clone()))
                .withMessageContaining("does not exist");
        assertThatIllegalArgumentException().isThrownBy(() -> storeWith(savedFile).load(new char[0]));
    }

    @Test
    void loadOrGenerateCreatesKeysOnceAndThenReusesThem() {
        DeviceKeyStore store = DeviceKeyStore.inProfile(dir);
        assertThat(store.exists()).isFalse();

        DeviceKeys created = store.loadOrGenerate(PASSPHRASE.clone());
        DeviceKeys again = store.loadOrGenerate(PASSPHRASE.clone());

        assertThat(store.exists()).isTrue();
        assertThat(again.signingPublicKey()).isEqualTo(created.signingPublicKey());
        assertThat(again.encryptionPublicKey()).isEqualTo(created.encryptionPublicKey());
    }

    @Test
    void saveReplacesTheKeys() throws Exception {
        DeviceKeyStore store = storeWith(savedFile);
        DeviceKeys rotated = DeviceKeys.generate();

        store.save(rotated, PASSPHRASE.clone());

        assertThat(store.load(PASSPHRASE.clone()).signingPublicKey()).isEqualTo(rotated.signingPublicKey());
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(store.file());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
