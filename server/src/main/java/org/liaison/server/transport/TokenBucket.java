package org.liaison.server.transport;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens per second, at most {@code capacity} saved up. Not
 * thread-safe: each connection owns one and uses it on its event loop.
 */
public final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  public TokenBucket(int ratePerSecond, int capacity, LongSupplier nanoTime) {
    this.ratePerNano = (double) ratePerSecond / NANOS_PER_SECOND;
    this.capacity = capacity;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /** Takes one token if there is one. */
  public boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
