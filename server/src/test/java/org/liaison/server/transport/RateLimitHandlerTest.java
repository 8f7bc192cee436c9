package org.liaison.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.error.LiaisonException;

class RateLimitHandlerTest {
  private final AtomicLong nanos = new AtomicLong();

  private static ClientFrame ping(long id) {
    return ClientFrame.newBuilder().setRequestId(id).setPing(Ping.newBuilder().setNonce(id))
        .build();
  }

  @Test
  void passesTheBurstThenRefusesWithTypedErrorCarryingTheRequestId() {
    EmbeddedChannel channel = new EmbeddedChannel(new RateLimitHandler(10, 3, nanos::get));
    for (long id = 1; id <= 3; id++) {
      channel.writeInbound(ping(id));
      assertThat((Object) channel.readInbound()).isEqualTo(ping(id));
    }
    channel.writeInbound(ping(4));
    assertThat((Object) channel.readInbound()).isNull();
    ServerFrame refusal = channel.readOutbound();
    assertThat(refusal.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(refusal.getRequestId()).isEqualTo(4);
    assertThat(refusal.getError().getFatal()).isFalse();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void refillsAtTheConfiguredRate() {
    EmbeddedChannel channel = new EmbeddedChannel(new RateLimitHandler(10, 1, nanos::get));
    channel.writeInbound(ping(1));
    channel.writeInbound(ping(2));
    assertThat((Object) channel.readInbound()).isEqualTo(ping(1));
    assertThat((Object) channel.readInbound()).isNull();
    ServerFrame refused = channel.readOutbound();
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    nanos.addAndGet(100_000_000L); // one token at 10/s
    channel.writeInbound(ping(3));
    assertThat((Object) channel.readInbound()).isEqualTo(ping(3));
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void disconnectsAPeerThatKeepsFlooding() {
    EmbeddedChannel channel = new EmbeddedChannel(new RateLimitHandler(10, 2, nanos::get));
    channel.writeInbound(ping(1));
    channel.writeInbound(ping(2));
    channel.writeInbound(ping(3));
    channel.writeInbound(ping(4));
    assertThatThrownBy(() -> channel.writeInbound(ping(5)))
        .isInstanceOfSatisfying(LiaisonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
          assertThat(e.isFatal()).isTrue();
        });
    channel.finishAndReleaseAll();
  }
}
