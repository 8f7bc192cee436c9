package org.liaison.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * {@link AgencyTrust} remembers the certificates it accepted, so that a connection's certificate
 * is not verified twice and a reconnecting officer's not again; what it remembers must never
 * outlive a revocation or the certificate's validity.
 */
class RememberedTrustTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private static X509Certificate[] chain(TestDevice device) {
    return device.identity().chain().toArray(new X509Certificate[0]);
  }

  @Test
  void anAcceptedCertificateIsRefusedOnceRevoked() throws Exception {
    TestDevice anne = world.device("fr-pn.anne.martin", "laptop");
    AgencyTrust trust = world.trust();
    assertThat(trust.identify(chain(anne)).id().value()).isEqualTo("fr-pn.anne.martin");
    assertThat(trust.identify(chain(anne)).id().value()).isEqualTo("fr-pn.anne.martin");

    world.revoke(anne);

    assertThatThrownBy(() -> trust.identify(chain(anne)))
        .isInstanceOf(CertificateRefusedException.class).hasMessageContaining("revoked");
  }

  @Test
  void anAcceptedCertificateIsRefusedOnceExpired() throws Exception {
    TestDevice anne = world.device("fr-pn.anne.martin", "laptop");
    AgencyTrust trust = world.trust();
    trust.identify(chain(anne));

    world.clock.advance(Duration.ofDays(3 * 366));

    assertThatThrownBy(() -> trust.identify(chain(anne)))
        .isInstanceOf(CertificateRefusedException.class);
  }

  @Test
  void anotherCertificateOfTheSameOfficerIsCheckedOnItsOwn() throws Exception {
    TestDevice anne = world.device("fr-pn.anne.martin", "laptop");
    AgencyTrust trust = world.trust();
    trust.identify(chain(anne));
    X509Certificate[] forged = chain(anne).clone();
    byte[] encoded = forged[0].getEncoded();
    // Same subject and issuer, one bit of the signature changed: not the certificate accepted.
    encoded[encoded.length - 1] ^= 1;
    forged[0] = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(encoded));

    assertThatThrownBy(() -> trust.identify(forged))
        .isInstanceOf(CertificateRefusedException.class);
  }
}
