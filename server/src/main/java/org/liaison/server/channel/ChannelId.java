package org.liaison.server.channel;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** A channel's identifier: {@code c-} and 12 characters, assigned by the server, unguessable. */
public record ChannelId(String value) {
  private static final Pattern FORMAT = Pattern.compile("c-[a-z2-7]{12}");
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  public ChannelId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("not a channel id: " + value);
    }
  }

  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  public static ChannelId random() {
    char[] id = new char[12];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new ChannelId("c-" + new String(id));
  }

  @Override
  public String toString() {
    return value;
  }
}
