package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.Welcome;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.officer.OfficerRecord;

class IdentityFromCertificateTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void welcomeNamesTheOfficerAgencyNationAndRolesFromTheCertificate() throws Exception {
    LiaisonClient claire = server.connect("fr-pn.claire.martin");
    Welcome welcome = claire.welcome();
    assertThat(welcome.getOfficerId()).isEqualTo("fr-pn.claire.martin");
    assertThat(welcome.getAgency()).isEqualTo("fr-pn");
    assertThat(welcome.getNation()).isEqualTo("FR");
    assertThat(welcome.getRolesList())
        .containsExactlyInAnyOrder(Role.ROLE_OFFICER, Role.ROLE_SUPERVISOR);
    assertThat(welcome.getHeartbeatIntervalSeconds()).isEqualTo(30);
    assertThat(welcome.getMaxFrameBytes()).isEqualTo(1 << 20);

    LiaisonClient karim = server.connect("ma-dgsn.karim.benali");
    assertThat(karim.welcome().getAgency()).isEqualTo("ma-dgsn");
    assertThat(karim.welcome().getNation()).isEqualTo("MA");
    assertThat(karim.welcome().getRolesList()).containsExactly(Role.ROLE_OFFICER);

    LiaisonClient nadia = server.connect("ma-dgsn.nadia.elamrani");
    assertThat(nadia.welcome().getRolesList()).contains(Role.ROLE_AUDITOR);
  }

  @Test
  void pingIsAnsweredWithTheSameNonce() throws Exception {
    LiaisonClient lucia = server.connect("es-cnp.lucia.garcia");
    var pong = lucia.ping().get();
    assertThat(pong.getServerTimeMs()).isPositive();
  }

  @Test
  void loginsAreRecordedWithFirstAndLastTimes() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    server.connect("es-cnp.javier.ruiz").close();
    OfficerRecord first = server.server().officers()
        .find(new OfficerId("es-cnp.javier.ruiz")).orElseThrow();
    server.connect("es-cnp.javier.ruiz");
    OfficerRecord second = server.server().officers()
        .find(new OfficerId("es-cnp.javier.ruiz")).orElseThrow();

    assertThat(first.firstLogin()).isAfter(before);
    assertThat(second.firstLogin()).isEqualTo(first.firstLogin());
    assertThat(second.lastLogin()).isAfterOrEqualTo(first.lastLogin());
    assertThat(second.loginCount()).isEqualTo(first.loginCount() + 1);
    assertThat(second.agency()).isEqualTo("es-cnp");
    assertThat(second.nation()).isEqualTo("ES");
  }
}
