package org.liaison.server.storage;

/** A database operation failed; the message names the operation, never the data. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String operation, Throwable cause) {
    super(operation + " failed: " + cause.getMessage(), cause);
  }
}
