package org.liaison.server.identity;

import java.util.regex.Pattern;

/**
 * An officer's identifier as it stands in the certificate's CN: lower-case dot-separated words
 * starting with the agency code, e.g. {@code ma-dgsn.karim.benali}.
 */
public record OfficerId(String value) {
  public static final int MAX_LENGTH = 64;
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

  public OfficerId {
    if (value == null || value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not an officer id: " + value);
    }
  }

  public static boolean isValid(String value) {
    return value != null && value.length() <= MAX_LENGTH && FORMAT.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
