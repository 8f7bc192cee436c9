package org.liaison.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.audit.AuditEntry;
import org.liaison.server.testing.StorageWorld;

/** A flood of refused connections cannot grow the audit log without bound, and is still told. */
class RefusalLimiterTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  @Test
  void refusalsBeyondThePerAddressLimitAreCountedAndReportedLater() throws Exception {
    for (int i = 0; i < RefusalLimiter.PER_ADDRESS + 5; i++) {
      await(world.audit().recordRefusal("/10.0.0.9:" + (40000 + i), refusal("/10.0.0.9")));
    }
    await(world.audit().recordRefusal("/10.0.0.7:4000", refusal("/10.0.0.7")));
    assertThat(refusals()).hasSize(RefusalLimiter.PER_ADDRESS + 1);

    world.clock.advance(Duration.ofSeconds(61));
    await(world.audit().recordRefusal("/10.0.0.9:50000", refusal("/10.0.0.9")));

    List<AuditEntry> entries = refusals();
    AuditEntry summary = entries.get(entries.size() - 2);
    assertThat(summary.action()).isEqualTo(AuditAction.CONNECTION_REFUSED_SUPPRESSED);
    assertThat(summary.details()).contains("refusals=5", "addresses=1");
    AuditEntry next = entries.get(entries.size() - 1);
    assertThat(next.action()).isEqualTo(AuditAction.CONNECTION_REFUSED);
    assertThat(next.details()).contains("left_out_before=5");
  }

  @Test
  void theTotalIsBoundedAcrossAddresses() {
    RefusalLimiter limiter = new RefusalLimiter(world.clock);
    int written = 0;
    for (int i = 0; i < RefusalLimiter.TOTAL + 50; i++) {
      if (limiter.admit("/10.1." + (i / 200) + "." + (i % 200) + ":1").write()) {
        written++;
      }
    }
    assertThat(written).isEqualTo(RefusalLimiter.TOTAL);
    assertThat(RefusalLimiter.hostOf("/[::1]:5555")).isEqualTo("/[::1]");
    assertThat(RefusalLimiter.hostOf("/10.0.0.1:5555")).isEqualTo("/10.0.0.1");
  }

  private static AuditEvent refusal(String peer) {
    return AuditEvent.of(AuditAction.CONNECTION_REFUSED, peer, "", "", "stage", "tls",
        "reason", "untrusted");
  }

  private List<AuditEntry> refusals() throws Exception {
    try (var c = world.connection()) {
      return new AuditRepository().all(c).stream()
          .filter(e -> e.action().startsWith("connection.refused")).toList();
    }
  }
}
