package org.liaison.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;

/**
 * The bound on connections still in their TLS handshake, on Netty's embedded channel: over the
 * bound a connection is closed as it opens; a finished (or failed) handshake or a closed
 * connection frees its place.
 */
class HandshakeLimiterTest {

  private static EmbeddedChannel open(HandshakeLimiter limiter) {
    return new EmbeddedChannel(limiter);
  }

  @Test
  void aConnectionOverThePerHostBoundIsClosedAsItOpens() {
    HandshakeLimiter limiter = new HandshakeLimiter(2, 100);

    EmbeddedChannel first = open(limiter);
    EmbeddedChannel second = open(limiter);
    EmbeddedChannel third = open(limiter);

    assertThat(first.isActive()).isTrue();
    assertThat(second.isActive()).isTrue();
    assertThat(third.isActive()).isFalse();
    assertThat(limiter.pending()).isEqualTo(2);
  }

  @Test
  void aFinishedOrFailedHandshakeOrAClosedConnectionFreesItsPlace() {
    HandshakeLimiter limiter = new HandshakeLimiter(2, 100);
    EmbeddedChannel done = open(limiter);
    EmbeddedChannel failed = open(limiter);

    done.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    failed.pipeline().fireUserEventTriggered(
        new SslHandshakeCompletionEvent(new IllegalStateException("bad certificate")));
    EmbeddedChannel third = open(limiter);
    EmbeddedChannel fourth = open(limiter);
    third.close();
    EmbeddedChannel fifth = open(limiter);

    assertThat(done.isActive()).as("past its handshake: no longer counted").isTrue();
    assertThat(fourth.isActive()).isTrue();
    assertThat(fifth.isActive()).isTrue();
    assertThat(limiter.pending()).isEqualTo(2);
  }

  @Test
  void theTotalBoundHoldsAcrossHosts() {
    HandshakeLimiter limiter = new HandshakeLimiter(100, 3);

    for (int i = 0; i < 3; i++) {
      assertThat(open(limiter).isActive()).isTrue();
    }

    assertThat(open(limiter).isActive()).isFalse();
    assertThat(limiter.pending()).isEqualTo(3);
  }
}
