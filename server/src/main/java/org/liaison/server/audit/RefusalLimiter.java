package org.liaison.server.audit;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bounds how many refused connections are written to the audit log, so that someone who can open
 * TCP connections cannot grow the log without limit: per minute, at most
 * {@value #PER_ADDRESS} entries for one remote address and {@value #TOTAL} in all. Refusals
 * beyond that are counted, not written one by one; the first one written for an address after a
 * pause says how many were left out before it, and each minute with left-out refusals ends in a
 * summary entry ({@code connection.refused_suppressed}) with the total.
 */
final class RefusalLimiter {
  static final int PER_ADDRESS = 20;
  static final int TOTAL = 600;
  /** Distinct addresses tracked per minute; further ones share one bucket. */
  static final int MAX_ADDRESSES = 10_000;
  private static final long WINDOW_MS = 60_000;
  private static final String OTHERS = "(others)";

  private final Clock clock;
  private long windowStart;
  private final Map<String, Integer> written = new HashMap<>();
  private final Map<String, Long> leftOut = new HashMap<>();
  private int writtenTotal;
  private long leftOutInWindow;
  private int addressesLeftOut;

  RefusalLimiter(Clock clock) {
    this.clock = clock;
    this.windowStart = clock.millis();
  }

  /**
   * What to write for one refusal from {@code address}.
   *
   * @param write whether to write the refusal's entry
   * @param leftOutBefore refusals of this address left out before this one (to report with it)
   * @param summary the previous minute's left-out total to write first, if any
   */
  record Decision(boolean write, long leftOutBefore, Optional<Summary> summary) {}

  /** Refusals left out in one minute. */
  record Summary(long refusals, int addresses, long windowStartMs) {}

  synchronized Decision admit(String remoteAddress) {
    String address = hostOf(remoteAddress);
    Optional<Summary> summary = Optional.empty();
    long now = clock.millis();
    if (now - windowStart >= WINDOW_MS) {
      if (leftOutInWindow > 0) {
        summary = Optional.of(new Summary(leftOutInWindow, addressesLeftOut, windowStart));
      }
      windowStart = now;
      written.clear();
      writtenTotal = 0;
      leftOutInWindow = 0;
      addressesLeftOut = 0;
      if (leftOut.size() > MAX_ADDRESSES) {
        leftOut.clear();
      }
    }
    if (!written.containsKey(address) && written.size() >= MAX_ADDRESSES) {
      address = OTHERS;
    }
    int count = written.getOrDefault(address, 0);
    if (count >= PER_ADDRESS || writtenTotal >= TOTAL) {
      if (leftOut.merge(address, 1L, Long::sum) == 1L) {
        addressesLeftOut++;
      }
      leftOutInWindow++;
      return new Decision(false, 0, summary);
    }
    written.put(address, count + 1);
    writtenTotal++;
    Long before = leftOut.remove(address);
    return new Decision(true, before == null ? 0 : before, summary);
  }

  /** The host part of {@code /10.0.0.1:5555} or {@code /[::1]:5555}: refusals count per host. */
  static String hostOf(String remoteAddress) {
    int colon = remoteAddress.lastIndexOf(':');
    int bracket = remoteAddress.lastIndexOf(']');
    return colon > bracket && colon > 0 ? remoteAddress.substring(0, colon) : remoteAddress;
  }
}
