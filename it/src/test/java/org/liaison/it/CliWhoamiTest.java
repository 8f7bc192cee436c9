package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.cli.LiaisonCommand;
import org.liaison.it.TestPki.Refused;

/** The {@code liaison} CLI against the real server, run in-process as a user would run it. */
class CliWhoamiTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private record Run(int exitCode, String out, String err) {}

  private static Run liaison(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String address() {
    return LiaisonServerExtension.HOST + ":" + server.port();
  }

  @Test
  void whoamiPrintsTheIdentityTheServerDerived() {
    Run run = liaison("--profile", server.pki().profile("ma-dgsn.nadia.elamrani").toString(),
        "--server", address(), "whoami");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("ma-dgsn.nadia.elamrani")
        .contains("ma-dgsn")
        .contains("MA")
        .contains("auditor")
        .contains("officer");
  }

  @Test
  void whoamiJsonIsMachineReadable() throws Exception {
    Run run = liaison("--profile", server.pki().profile("fr-pn.claire.martin").toString(),
        "--server", address(), "--json", "whoami");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("officer").asText()).isEqualTo("fr-pn.claire.martin");
    assertThat(json.get("agency").asText()).isEqualTo("fr-pn");
    assertThat(json.get("nation").asText()).isEqualTo("FR");
    assertThat(json.get("roles")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("officer", "supervisor");
  }

  @Test
  void refusedCertificateExitsWithCannotConnect() {
    Run run = liaison("--profile", server.pki().refusedProfile(Refused.REVOKED).toString(),
        "--server", address(), "whoami");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("error: cannot connect to " + address());
  }

  @Test
  void nothingListeningExitsWithCannotConnect() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Run run = liaison("--profile", server.pki().profile("es-cnp.lucia.garcia").toString(),
        "--server", "127.0.0.1:" + closedPort, "ping");
    assertThat(run.exitCode()).isEqualTo(3);
  }

  @Test
  void pingReportsARoundTrip() {
    Run run = liaison("--profile", server.pki().profile("es-cnp.lucia.garcia").toString(),
        "--server", address(), "ping");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("\\d+ ms");
  }
}
