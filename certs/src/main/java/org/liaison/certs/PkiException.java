package org.liaison.certs;

/**
 * A PKI operation was refused or could not be completed: a file is missing or invalid, a key
 * would be overwritten, a passphrase is wrong, a certificate request breaks the CA's policy.
 *
 * <p>The message always names what was refused and, where there is one, the file involved; it
 * never contains a key or a password.
 */
public class PkiException extends RuntimeException {

    /**
     * @param message what was refused or failed, naming the file or value involved
     */
    public PkiException(String message) {
        super(message);
    }

    /**
     * @param message what was refused or failed, naming the file or value involved
     * @param cause the underlying I/O or security error
     */
    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
