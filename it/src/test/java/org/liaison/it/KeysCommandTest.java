package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.DevPki;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerProfiles;
import org.liaison.certs.OfficerSpec;
import org.liaison.certs.TrustConfigFile;
import org.liaison.certs.TrustEntry;
import org.liaison.cli.LiaisonCommand;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.keys.DeviceKeyring;
import org.liaison.client.keys.DirectoryView;
import org.liaison.client.keys.KeyDirectoryClient;
import org.liaison.client.keys.KnownKeys;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.GetKeys;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * {@code liaison keys} against the real server: this device's keys (init, show, rotate, publish),
 * other officers' verified fingerprints, key changes, and a bundle the server serves but the client
 * must refuse.
 */
class KeysCommandTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  /**
   * A server whose operator trusts the Moroccan agency's CA for the Spanish agency: it accepts a
   * certificate that CA issued claiming to be a Spanish officer. Clients, which judge a CA by its
   * own name, must refuse that officer's keys.
   */
  @RegisterExtension
  static final LiaisonServerExtension misconfigured =
      new LiaisonServerExtension(UnaryOperator.identity(),
          KeysCommandTest::trustMoroccanCaForSpain);

  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String FORGED = "es-cnp.faux.agent";
  private static final List<String> PROFILE_FILES = List.of(ClientProfile.PROPERTIES_FILE,
      OfficerProfiles.IDENTITY_FILE, OfficerProfiles.PASSWORD_FILE, OfficerProfiles.SERVER_CA_FILE,
      OfficerProfiles.AGENCY_CAS_FILE);
  private static final String FINGERPRINT = "[0-9a-f]{4}( [0-9a-f]{4}){7}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger COPIES = new AtomicInteger();

  @TempDir
  static Path forgedDir;
  @TempDir
  Path dir;

  private static Path forgedProfile;

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    /** The value of the first {@code name: value} line. */
    String value(String name) {
      return lines().stream().filter(line -> line.startsWith(name + ":"))
          .map(line -> line.substring(name.length() + 1).strip()).findFirst()
          .orElseThrow(() -> new AssertionError("no '" + name + ":' line in:\n" + out));
    }

    /** The lines of the {@code keys fingerprint} block of one device. */
    List<String> block(String deviceId) {
      return Arrays.stream(out.split("\\R\\R")).map(text -> text.lines().toList())
          .filter(lines -> lines.contains("device:      " + deviceId)).findFirst()
          .orElseThrow(() ->
              new AssertionError("no block for device " + deviceId + " in:\n" + out));
    }

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Path trustMoroccanCaForSpain(TestPki pki) {
    DevPki dev = pki.dev();
    Path moroccanCa = dev.agencyDir("ma-dgsn");
    List<TrustEntry> entries = List.of(
        TrustEntry.fromCaDirectory(dev.agencyDir("fr-pn")),
        new TrustEntry(AgencySpec.of("es-cnp", "ES", "Cuerpo Nacional de Policía"),
            moroccanCa.resolve(CertificateAuthority.CA_CERTIFICATE_FILE),
            moroccanCa.resolve(CertificateAuthority.CRL_FILE)));
    try {
      Path file = Files.createDirectories(dev.dir().resolveSibling("misconfigured"))
          .resolve("trust.properties");
      TrustConfigFile.write(file, entries);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void moroccanCaIssuesASpanishOfficer() {
    DevPki dev = server.pki().dev();
    Instant now = Instant.now();
    IssuedIdentity forged = dev.agencyCa("ma-dgsn").issueOfficer(new OfficerSpec(FORGED,
        Set.of(OfficerSpec.OFFICER), "es-cnp", "ES", now.minusSeconds(60),
        now.plus(Duration.ofDays(30))));
    List<X509Certificate> agencyCas = dev.agencyCodes().stream()
        .map(code -> dev.agencyCa(code).certificate()).toList();
    forgedProfile = OfficerProfiles.write(forgedDir.resolve(FORGED), forged, null,
        dev.operatorCa().certificate(), agencyCas, OfficerProfiles.DEFAULT_SERVER_ADDRESS);
  }

  /** A fresh copy of a development officer's profile: its own device id, no keys, no known keys. */
  private Path copyOf(String officer) throws IOException {
    Path copy = Files.createDirectories(dir.resolve(officer + "-" + COPIES.incrementAndGet()));
    for (String name : PROFILE_FILES) {
      Files.copy(server.pki().profile(officer).resolve(name), copy.resolve(name));
    }
    return copy;
  }

  private static Run liaison(Path profile, LiaisonServerExtension at, String... args) {
    List<String> all = new ArrayList<>(List.of("--profile", profile.toString(),
        "--server", LiaisonServerExtension.HOST + ":" + at.port()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run liaison(Path profile, String... args) {
    return liaison(profile, server, args);
  }

  private static Run ok(Path profile, String... args) {
    Run run = liaison(profile, args);
    assertThat(run.exitCode()).as("liaison %s: %s", String.join(" ", args), run.err()).isZero();
    return run;
  }

  private static String deviceOf(Path profile) throws IOException {
    return Files.readString(profile.resolve(ClientProfile.DEVICE_ID_FILE), StandardCharsets.UTF_8)
        .strip();
  }

  private static List<String> keyChangeLog(Path profile) throws IOException {
    Path log = profile.resolve(KnownKeys.CHANGE_LOG_NAME);
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  @Test
  void initPublishesKeysThatShowReportsAsServedAndASecondInitIsRefused() throws Exception {
    Path claire = copyOf(CLAIRE);
    Run missing = liaison(claire, "keys", "show");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no end-to-end keys yet", "liaison keys init");

    Run init = ok(claire, "keys", "init");

    String fingerprint = init.value("fingerprint");
    assertThat(fingerprint).matches(FINGERPRINT);
    assertThat(init.value("published")).isEqualTo("yes");
    Run show = ok(claire, "keys", "show");
    assertThat(show.value("officer")).isEqualTo(CLAIRE);
    assertThat(show.value("device")).isEqualTo(deviceOf(claire));
    assertThat(show.value("fingerprint")).isEqualTo(fingerprint);
    assertThat(show.value("served")).startsWith("yes");
    assertThat(Duration.between(Instant.parse(show.value("created")),
        Instant.parse(show.value("expires"))))
        .isEqualTo(DeviceKeyring.BUNDLE_LIFETIME);
    JsonNode json = ok(claire, "keys", "show", "--json").json();
    assertThat(json.path("served").asBoolean()).isTrue();
    assertThat(json.path("fingerprint").asText()).isEqualTo(fingerprint);

    Run again = liaison(claire, "keys", "init");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("error: ")
        .contains("already has end-to-end keys", "keys rotate");
    assertThat(ok(claire, "keys", "show").value("fingerprint")).isEqualTo(fingerprint);
  }

  @Test
  void showTellsWhenTheServerServesOtherKeysAndPublishPutsThemBack() throws Exception {
    Path first = copyOf(HUGO);
    String firstFingerprint = ok(first, "keys", "init").value("fingerprint");
    // A second installation that claims the same device id publishes other keys for it.
    Path second = copyOf(HUGO);
    Files.copy(first.resolve(ClientProfile.DEVICE_ID_FILE),
        second.resolve(ClientProfile.DEVICE_ID_FILE));
    String secondFingerprint = ok(second, "keys", "init").value("fingerprint");

    Run show = ok(first, "keys", "show");
    assertThat(show.value("fingerprint")).isEqualTo(firstFingerprint);
    assertThat(show.value("served")).startsWith("no").contains(secondFingerprint);
    assertThat(ok(first, "keys", "show", "--json").json().path("servedFingerprint").asText())
        .isEqualTo(secondFingerprint);

    ok(first, "keys", "publish");

    assertThat(ok(first, "keys", "show").value("served")).startsWith("yes");
    assertThat(ok(second, "keys", "show").value("served")).startsWith("no")
        .contains(firstFingerprint);
  }

  @Test
  void fingerprintOfAnotherOfficerMatchesWhatTheirOwnShowPrints() throws Exception {
    Path hugo = copyOf(HUGO);
    ok(hugo, "keys", "init");
    String device = deviceOf(hugo);
    String fingerprint = ok(hugo, "keys", "show").value("fingerprint");
    Path claire = copyOf(CLAIRE);

    Run first = ok(claire, "keys", "fingerprint", HUGO);

    assertThat(first.value("officer")).isEqualTo(HUGO);
    assertThat(first.block(device)).contains("fingerprint: " + fingerprint, "agency:      fr-pn",
        "nation:      FR").anyMatch(line -> line.startsWith("status:      new"));
    assertThat(first.err()).isEmpty();
    assertThat(ok(claire, "keys", "fingerprint", HUGO).block(device))
        .contains("status:      known");
    JsonNode json = ok(claire, "keys", "fingerprint", HUGO, "--json").json();
    assertThat(json.path("usable").asBoolean()).isTrue();
    assertThat(json.path("rejected")).isEmpty();
    JsonNode shown = null;
    for (JsonNode node : json.path("devices")) {
      if (node.path("device").asText().equals(device)) {
        shown = node;
      }
    }
    assertThat(shown).as("device %s in %s", device, json).isNotNull();
    assertThat(shown.path("fingerprint").asText()).isEqualTo(fingerprint);
    assertThat(shown.path("status").asText()).isEqualTo("known");
    assertThat(shown.path("agency").asText()).isEqualTo("fr-pn");
  }

  @Test
  void aRotationIsReportedAsChangedOnceWarnedOnStderrAndLogged() throws Exception {
    Path hugo = copyOf(HUGO);
    String before = ok(hugo, "keys", "init").value("fingerprint");
    String device = deviceOf(hugo);
    Path claire = copyOf(CLAIRE);
    ok(claire, "keys", "fingerprint", HUGO);

    Run rotate = ok(hugo, "keys", "rotate");

    assertThat(rotate.value("old fingerprint")).isEqualTo(before);
    String after = rotate.value("new fingerprint");
    assertThat(after).matches(FINGERPRINT).isNotEqualTo(before);
    assertThat(ok(hugo, "keys", "show").value("served")).startsWith("yes");

    Run changed = ok(claire, "keys", "fingerprint", HUGO);
    assertThat(changed.block(device)).contains("fingerprint: " + after,
        "status:      CHANGED (was " + before + ")");
    assertThat(changed.err()).contains("WARNING", HUGO, device, before, after,
        claire.resolve(KnownKeys.CHANGE_LOG_NAME).toString());
    assertThat(keyChangeLog(claire)).singleElement().asString()
        .contains("officer " + HUGO, "device " + device, "old " + before + " new " + after);

    Run again = ok(claire, "keys", "fingerprint", HUGO);
    assertThat(again.block(device)).contains("status:      known");
    assertThat(again.err()).doesNotContain("WARNING");
    assertThat(keyChangeLog(claire)).hasSize(1);
  }

  @Test
  void aBundleFromAnotherAgencysCaIsRejectedAndNeverUsable() throws Exception {
    Run published = liaison(forgedProfile, misconfigured, "keys", "init");
    assertThat(published.exitCode()).as("the misconfigured server accepts it: %s", published.err())
        .isZero();
    String forgedDevice = deviceOf(forgedProfile);
    Path claire = copyOf(CLAIRE);

    Run run = liaison(claire, misconfigured, "keys", "fingerprint", FORGED);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.block(forgedDevice)).contains("status:      REJECTED (wrong agency), never used")
        .anyMatch(line -> line.startsWith("reason:") && line.contains("wrong agency"));
    assertThat(run.lines()).noneMatch(line -> line.startsWith("fingerprint:"));
    assertThat(run.err()).contains("no usable end-to-end key for " + FORGED);
    JsonNode json = liaison(claire, misconfigured, "keys", "fingerprint", FORGED, "--json").json();
    assertThat(json.path("usable").asBoolean()).isFalse();
    assertThat(json.path("devices")).isEmpty();
    assertThat(json.path("rejected")).singleElement().satisfies(rejected -> {
      assertThat(rejected.path("device").asText()).isEqualTo(forgedDevice);
      assertThat(rejected.path("reason").asText()).isEqualTo("wrong agency");
      assertThat(rejected.path("code").asText()).isEqualTo("WRONG_AGENCY");
    });
    assertThat(KnownKeys.inProfile(claire).devices())
        .noneMatch(known -> known.officerId().equals(FORGED));

    ClientProfile profile = misconfigured.profileAt(claire);
    LiaisonClient client =
        misconfigured.track(LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS));
    DirectoryView view = KeyDirectoryClient.forProfile(claire, profile)
        .devicesOf(client, List.of(FORGED))
        .get(30, TimeUnit.SECONDS);
    assertThat(view.devices()).containsOnlyKeys(FORGED);
    assertThat(view.devicesOf(FORGED)).isEmpty();
    assertThat(view.usable()).isEmpty();
    assertThat(view.rejectedOf(FORGED)).hasSize(1);
  }

  @Test
  void ensurePublishedReusesTheStoredBundleAndPublishesOnlyWhatTheServerLacks() throws Exception {
    Path karim = copyOf(KARIM);
    ClientProfile profile = server.profileAt(karim);
    LiaisonClient client = server.track(LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS));
    String session = KARIM + "/" + profile.deviceId() + "#";

    DeviceCredentials first = DeviceKeyring.forProfile(karim, profile).ensurePublished(client)
        .get(30, TimeUnit.SECONDS);

    assertThat(servedBundles(client, KARIM)).contains(first.bundle());
    long publishes = publishesBy(session);
    assertThat(publishes).isEqualTo(1);

    // A later run (a new keyring, as a new CLI process has) finds the server up to date.
    DeviceCredentials second = DeviceKeyring.forProfile(karim, profile).ensurePublished(client)
        .get(30, TimeUnit.SECONDS);

    assertThat(second.bundle()).isEqualTo(first.bundle());
    assertThat(second.keys().fingerprint()).isEqualTo(first.keys().fingerprint());
    assertThat(publishesBy(session)).isEqualTo(publishes);
    assertThat(ok(karim, "keys", "show").value("served")).startsWith("yes");
  }

  private static List<SignedKeyBundle> servedBundles(LiaisonClient client, String officer)
      throws Exception {
    return client.request(ClientFrame.newBuilder()
            .setGetKeys(GetKeys.newBuilder().addOfficerIds(officer)))
        .get(30, TimeUnit.SECONDS).getKeyDirectory().getBundlesList();
  }

  /** Publications the server logged for one device (logged before it answers: none is missed). */
  private static long publishesBy(String session) {
    return server.logs().lines().stream()
        .filter(line -> line.contains(session) && line.contains("published keys")).count();
  }
}
