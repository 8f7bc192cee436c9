package org.liaison.server.task;

import java.util.regex.Pattern;

/** A task's id, chosen by the creating client: {@code "t-"} and 16 characters of a-z 2-7. */
public record TaskId(String value) {
  private static final Pattern FORMAT = Pattern.compile("t-[a-z2-7]{16}");

  public TaskId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a task id: " + value);
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
