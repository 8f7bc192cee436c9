package org.liaison.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/** The remembered trust answers behind GetKeys and the recipient check. */
class TrustedBundlesTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private TrustedBundles trusted;
  private TestDevice karim;
  private final AtomicInteger loads = new AtomicInteger();

  @BeforeEach
  void setUp() {
    trusted = new TrustedBundles(world.trust(), world.clock, Duration.ZERO);
    karim = world.device("ma-dgsn.karim.benali", "desk");
  }

  private TrustedBundles.Loader counting(SignedKeyBundle bundle) {
    return () -> {
      loads.incrementAndGet();
      return bundle;
    };
  }

  @Test
  void answerIsRememberedWithoutReadingTheBundleAgain() throws Exception {
    assertThat(trusted.trusted(7, counting(karim.bundle()))).isTrue();
    assertThat(trusted.trusted(7, counting(karim.bundle()))).isTrue();
    assertThat(trusted.trusted(7, counting(karim.bundle()))).isTrue();

    assertThat(loads).hasValue(1);
    assertThat(trusted.remembered()).isEqualTo(1);
  }

  @Test
  void newCrlRevokingTheCertificateIsHeededAtOnce() throws Exception {
    assertThat(trusted.trusted(7, counting(karim.bundle()))).isTrue();

    world.revoke(karim);

    assertThat(trusted.trusted(7, counting(karim.bundle()))).isFalse();
    assertThat(loads).hasValue(2);
  }

  @Test
  void answerIsCheckedAgainOnceTheCrlHasExpired() throws Exception {
    assertThat(trusted.trusted(7, counting(karim.bundle()))).isTrue();

    // The development CRL is valid for 30 days: past that, revocation status is unknown.
    world.clock.advance(Duration.ofDays(31));

    assertThat(trusted.trusted(7, counting(karim.bundle()))).isFalse();
    assertThat(loads).hasValue(2);
  }

  @Test
  void bundleWithoutCertificateIsNeverTrusted() throws Exception {
    SignedKeyBundle bare = karim.bundle().toBuilder().clearCertificateChain().build();

    assertThat(trusted.trusted(8, counting(bare))).isFalse();
    assertThat(trusted.trusted(8, counting(bare))).isFalse();
    assertThat(loads).hasValue(1);
  }
}
