package org.liaison.server.identity;

import java.util.regex.Pattern;

/**
 * A device's identifier, chosen once per installation by the client: 1-64 characters of
 * {@code [A-Za-z0-9._-]}. A label, never an identity: who is behind it comes from the certificate.
 */
public record DeviceId(String value) {
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public DeviceId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a device id: " + value);
    }
  }

  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
