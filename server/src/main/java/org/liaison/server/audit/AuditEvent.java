package org.liaison.server.audit;

import java.util.Collections;
import org.liaison.audit.AuditEntry;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.liaison.audit.AuditEntry;

/**
 * Something security-relevant that happened, before it is given a place in the audit log. Holds
 * metadata only: identifiers, counts, sizes, digests and reasons; never a message body, a task
 * body or a key.
 *
 * @param action what happened, e.g. {@code message.stored} (see {@link AuditAction})
 * @param actor the officer (or {@code server}, or a remote address for refused connections)
 * @param channel the channel concerned, or {@code ""}
 * @param target what the action was done to (message id, officer, device, task), or {@code ""}
 * @param details further metadata, by key; keys are {@code [a-z0-9_.-]{1,64}}
 */
public record AuditEvent(String action, String actor, String channel, String target,
    SortedMap<String, String> details) {
  private static final Pattern KEY = Pattern.compile("[a-z0-9_.-]{1,64}");
  static final int MAX_ACTOR = 128;
  static final int MAX_TARGET = 256;

  public AuditEvent {
    Objects.requireNonNull(action, "action");
    actor = bounded(Objects.requireNonNull(actor, "actor"), MAX_ACTOR);
    channel = channel == null ? "" : channel;
    target = bounded(target == null ? "" : target, MAX_TARGET);
    for (String key : details.keySet()) {
      if (!KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("not an audit detail key: " + key);
      }
    }
    details = Collections.unmodifiableSortedMap(new TreeMap<>(details));
  }

  /** An event with details given as alternating keys and values (values by toString). */
  public static AuditEvent of(String action, String actor, String channel, String target,
      Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("details come in key, value pairs");
    }
    SortedMap<String, String> details = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      details.put((String) keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
    }
    return new AuditEvent(action, actor, channel, target, details);
  }

  /**
   * The details as stored: one {@code key=value} line per key in key order, lines joined by
   * {@code \n}; in values a backslash is written {@code \\}, a line feed {@code \n} and any other
   * control character {@code ?}. The same map always gives the same text.
   */
  public String canonicalDetails() {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : details.entrySet()) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(e.getKey()).append('=');
      for (char ch : e.getValue().toCharArray()) {
        if (ch == '\\') {
          text.append("\\\\");
        } else if (ch == '\n') {
          text.append("\\n");
        } else if (Character.isISOControl(ch)) {
          text.append('?');
        } else {
          text.append(ch);
        }
      }
    }
    return bounded(text.toString(), 8192);
  }

  /** This event as the entry at {@code seq}, written at {@code timeMs} after {@code prevHash}. */
  public AuditEntry toEntry(long seq, long timeMs, byte[] prevHash) {
    return AuditEntry.create(seq, timeMs, actor, action, channel, target, canonicalDetails(),
        prevHash);
  }

  private static String bounded(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
