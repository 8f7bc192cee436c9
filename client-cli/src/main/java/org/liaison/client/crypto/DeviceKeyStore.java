package org.liaison.client.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a device's {@link DeviceKeys} in one file, encrypted under a passphrase (the profile's
 * identity password).
 *
 * <p>File layout (version 1, {@value #FILE_LENGTH} bytes, no protobuf):
 * <pre>
 *   "LKEY1"           5 bytes  magic and version
 *   salt             16 bytes  random, per save
 *   nonce            12 bytes  random, per save
 *   ciphertext       80 bytes  AES-256-GCM of (Ed25519 private key 32 || X25519 private key 32), 16-byte tag
 * </pre>
 * The AES key is PBKDF2-HMAC-SHA256(passphrase, salt, {@value #PBKDF2_ITERATIONS} iterations, 256 bits);
 * the associated data is the 33 bytes before the ciphertext, so every byte of the file is
 * authenticated. A wrong passphrase and an altered file are both refused with a
 * {@link DeviceKeyStoreException} and cannot be told apart. Files are written atomically (a
 * temporary file then a rename) with mode 0600 where the file system is POSIX.
 */
public final class DeviceKeyStore {

    /** File name of the device keys inside a profile directory. */
    public static final String FILE_NAME = "device-keys.bin";
    /** PBKDF2-HMAC-SHA256 iteration count of format version 1. */
    public static final int PBKDF2_ITERATIONS = 310_000;
    /** Total length of a version 1 file. */
    public static final int FILE_LENGTH = 5 + 16 + 12 + 2 * DeviceKeys.PRIVATE_KEY_LENGTH + 16;

    private static final byte[] MAGIC = "LKEY1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int HEADER_LENGTH = MAGIC.length + SALT_LENGTH + NONCE_LENGTH;
    private static final int TAG_BITS = 128;
    private static final int KEY_BITS = 256;
    private static final Logger log = LoggerFactory.getLogger(DeviceKeyStore.class);

    private final Path file;
    private final SecureRandom random;

    /** A store for the key file {@code file}. */
    public DeviceKeyStore(Path file) {
        this(file, new SecureRandom());
    }

    DeviceKeyStore(Path file, SecureRandom random) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The store at {@value #FILE_NAME} in the officer profile directory {@code profileDir}. */
    public static DeviceKeyStore inProfile(Path profileDir) {
        return new DeviceKeyStore(profileDir.resolve(FILE_NAME));
    }

    /** The key file. */
    public Path file() {
        return file;
    }

    /** Whether the key file exists. */
    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * Encrypts {@code keys} under {@code passphrase} and writes them, replacing any previous keys
     * (a key rotation: publish the new bundle afterwards).
     *
     * @throws DeviceKeyStoreException naming the file if it cannot be written
     */
    public void save(DeviceKeys keys, char[] passphrase) {
        Path temporary = writeTemporary(encrypt(keys, passphrase));
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DeviceKeyStoreException("cannot write device keys to " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Reads and decrypts the keys.
     *
     * @throws DeviceKeyStoreException naming the file if it is missing, unreadable, not a device
     *     key file, altered, or {@code passphrase} is wrong
     */
    public DeviceKeys load(char[] passphrase) {
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DeviceKeyStoreException("no device keys: " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DeviceKeyStoreException("cannot read device keys " + file + ": " + e.getMessage(), e);
        }
        return decrypt(contents, passphrase);
    }

    /**
     * The stored keys, or, when there is no key file yet, new keys that are saved first. When two
     * processes race to create the file, both end up with the keys of the one that won.
     *
     * @throws DeviceKeyStoreException as {@link #load} and {@link #save}
     */
    public DeviceKeys loadOrGenerate(char[] passphrase) {
        if (exists()) {
            return load(passphrase);
        }
        DeviceKeys keys = DeviceKeys.generate(random);
        Path temporary = writeTemporary(encrypt(keys, passphrase));
        try {
            // A hard link fails if the target exists, so a concurrent creator is never overwritten.
            Files.createLink(file, temporary);
            log.info("generated new device keys in {}", file);
            return keys;
        } catch (FileAlreadyExistsException e) {
            return load(passphrase);
        } catch (UnsupportedOperationException | IOException e) {
            return moveIfAbsent(temporary, keys, passphrase);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private DeviceKeys moveIfAbsent(Path temporary, DeviceKeys keys, char[] passphrase) {
        try {
            Files.move(temporary, file);
            log.info("generated new device keys in {}", file);
            return keys;
        } catch (FileAlreadyExistsException e) {
            return load(passphrase);
        } catch (IOException e) {
            throw new DeviceKeyStoreException("cannot write device keys to " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] encrypt(DeviceKeys keys, char[] passphrase) {
        Objects.requireNonNull(keys, "keys");
        byte[] salt = randomBytes(SALT_LENGTH);
        byte[] nonce = randomBytes(NONCE_LENGTH);
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(salt).put(nonce).array();
        byte[] plaintext = ByteBuffer.allocate(2 * DeviceKeys.PRIVATE_KEY_LENGTH)
                .put(keys.signingPrivateKey()).put(keys.encryptionPrivateKey()).array();
        byte[] key = deriveKey(passphrase, salt);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(FILE_LENGTH).put(header).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new DeviceKeyStoreException("cannot encrypt device keys for " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private DeviceKeys decrypt(byte[] contents, char[] passphrase) {
        if (contents.length < MAGIC.length || !Arrays.equals(contents, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DeviceKeyStoreException(file + " is not a Liaison device key file (no LKEY1 header)");
        }
        if (contents.length != FILE_LENGTH) {
            throw new DeviceKeyStoreException(file + " is damaged: " + contents.length + " bytes instead of "
                    + FILE_LENGTH);
        }
        byte[] salt = Arrays.copyOfRange(contents, MAGIC.length, MAGIC.length + SALT_LENGTH);
        byte[] nonce = Arrays.copyOfRange(contents, MAGIC.length + SALT_LENGTH, HEADER_LENGTH);
        byte[] key = deriveKey(passphrase, salt);
        byte[] plaintext = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(contents, 0, HEADER_LENGTH);
            plaintext = cipher.doFinal(contents, HEADER_LENGTH, contents.length - HEADER_LENGTH);
            return DeviceKeys.fromPrivateKeys(Arrays.copyOfRange(plaintext, 0, DeviceKeys.PRIVATE_KEY_LENGTH),
                    Arrays.copyOfRange(plaintext, DeviceKeys.PRIVATE_KEY_LENGTH, plaintext.length));
        } catch (AEADBadTagException e) {
            throw new DeviceKeyStoreException("cannot open the device keys in " + file
                    + ": wrong passphrase, or the file was altered", e);
        } catch (GeneralSecurityException e) {
            throw new DeviceKeyStoreException("cannot decrypt device keys " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    private static byte[] deriveKey(char[] passphrase, byte[] salt) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the device key passphrase must not be empty");
        }
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, PBKDF2_ITERATIONS, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private Path writeTemporary(byte[] contents) {
        Path dir = file.getParent();
        try {
            Path temporary = supportsPosix(dir)
                    ? Files.createTempFile(dir, ".device-keys", ".tmp", ownerOnly())
                    : Files.createTempFile(dir, ".device-keys", ".tmp");
            Files.write(temporary, contents);
            return temporary;
        } catch (IOException e) {
            throw new DeviceKeyStoreException("cannot write device keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean supportsPosix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            log.warn("cannot delete temporary file {}: {}", temporary, e.toString());
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "DeviceKeyStore[" + file + "]";
    }
}
