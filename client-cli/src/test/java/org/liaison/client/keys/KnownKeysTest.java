package org.liaison.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.client.ProfileException;
import org.liaison.client.crypto.VerifiedBundle;

class KnownKeysTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path officerDir;
    @TempDir
    Path profileDir;

    private static TestOfficer officer;

    @BeforeAll
    static void officer() throws Exception {
        officer = TestOfficer.create(officerDir);
    }

    private KnownKeys knownKeys() {
        return KnownKeys.inProfile(profileDir, CLOCK);
    }

    private List<String> logLines() throws Exception {
        Path log = profileDir.resolve(KnownKeys.CHANGE_LOG_NAME);
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    @Test
    void aDeviceSeenForTheFirstTimeIsNewAndRememberedSilently() throws Exception {
        VerifiedBundle device = officer.verifiedDevice("laptop-1");

        List<KnownKeys.Observation> observed = knownKeys().observe(List.of(device));

        assertThat(observed).singleElement().satisfies(observation -> {
            assertThat(observation.status()).isEqualTo(KnownKeys.Status.NEW);
            assertThat(observation.change()).isEmpty();
        });
        assertThat(knownKeys().fingerprintOf(TestOfficer.OFFICER_ID, "laptop-1")).contains(device.fingerprint());
        assertThat(knownKeys().devices()).containsExactly(new KnownKeys.KnownDevice(TestOfficer.OFFICER_ID,
                "laptop-1", device.fingerprint(), NOW));
        assertThat(logLines()).isEmpty();
    }

    @Test
    void theSameKeysAgainAreKnownAndLeaveTheFileAlone() throws Exception {
        VerifiedBundle device = officer.verifiedDevice("laptop-1");
        knownKeys().observe(List.of(device));
        byte[] before = Files.readAllBytes(knownKeys().file());

        List<KnownKeys.Observation> again = KnownKeys.inProfile(profileDir, Clock.offset(CLOCK,
                Duration.ofDays(3))).observe(List.of(device));

        assertThat(again).extracting(KnownKeys.Observation::status).containsExactly(KnownKeys.Status.KNOWN);
        assertThat(Files.readAllBytes(knownKeys().file())).isEqualTo(before);
        assertThat(logLines()).isEmpty();
    }

    @Test
    void otherKeysForAKnownDeviceAreAChangeThatIsLoggedReportedOnceAndThenKnown() throws Exception {
        VerifiedBundle before = officer.verifiedDevice("laptop-1");
        VerifiedBundle after = officer.verifiedDevice("laptop-1");
        knownKeys().observe(List.of(before));

        List<KnownKeys.Observation> observed = knownKeys().observe(List.of(after));

        KeyChange expected = new KeyChange(TestOfficer.OFFICER_ID, "laptop-1", before.fingerprint(),
                after.fingerprint(), NOW);
        assertThat(observed).singleElement().satisfies(observation -> {
            assertThat(observation.status()).isEqualTo(KnownKeys.Status.CHANGED);
            assertThat(observation.change()).contains(expected);
        });
        assertThat(logLines()).containsExactly("2030-06-01T12:00:00Z key change: officer " + TestOfficer.OFFICER_ID
                + " device laptop-1 old " + before.fingerprint() + " new " + after.fingerprint());
        assertThat(expected.warning()).contains(TestOfficer.OFFICER_ID, "laptop-1", before.fingerprint(),
                after.fingerprint());

        assertThat(knownKeys().observe(List.of(after))).extracting(KnownKeys.Observation::status)
                .containsExactly(KnownKeys.Status.KNOWN);
        assertThat(logLines()).hasSize(1);
        assertThat(knownKeys().fingerprintOf(TestOfficer.OFFICER_ID, "laptop-1")).contains(after.fingerprint());
    }

    @Test
    void aChangeBackToOldKeysIsAChangeToo() throws Exception {
        VerifiedBundle original = officer.verifiedDevice("laptop-1");
        VerifiedBundle replacement = officer.verifiedDevice("laptop-1");
        knownKeys().observe(List.of(original));
        knownKeys().observe(List.of(replacement));

        assertThat(knownKeys().observe(List.of(original))).extracting(KnownKeys.Observation::status)
                .containsExactly(KnownKeys.Status.CHANGED);
        assertThat(logLines()).hasSize(2);
    }

    @Test
    void theMemoryIsSharedByEveryInstanceOnTheProfile() {
        VerifiedBundle phone = officer.verifiedDevice("phone");
        knownKeys().observe(List.of(phone));

        KnownKeys later = KnownKeys.inProfile(profileDir, CLOCK);

        assertThat(later.observe(List.of(officer.verifiedDevice("phone"), officer.verifiedDevice("tablet"))))
                .extracting(KnownKeys.Observation::status)
                .containsExactly(KnownKeys.Status.CHANGED, KnownKeys.Status.NEW);
    }

    @Test
    void theFileIsValidJsonReplacedWholeAndNoTemporaryFileIsLeft() throws Exception {
        knownKeys().observe(List.of(officer.verifiedDevice("b-device"), officer.verifiedDevice("a-device")));
        knownKeys().observe(List.of(officer.verifiedDevice("a-device")));

        JsonNode root = new ObjectMapper().readTree(knownKeys().file().toFile());
        assertThat(root.path("format").asText()).isEqualTo(KnownKeys.FORMAT);
        assertThat(root.path("devices").findValuesAsText("device")).containsExactly("a-device", "b-device");
        try (Stream<Path> files = Files.list(profileDir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder(KnownKeys.FILE_NAME, KnownKeys.LOCK_FILE_NAME,
                            KnownKeys.CHANGE_LOG_NAME);
        }
    }

    /**
     * Documented choice: a damaged file is refused with an error naming it, never reset, because
     * forgetting the known keys would let the next substituted key pass as a new device.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage \u0000\u0001",
        "{}",
        "{\"format\":\"something-else\",\"devices\":[]}",
        "{\"format\":\"liaison-known-keys-1\",\"devices\":{}}",
        "{\"format\":\"liaison-known-keys-1\",\"devices\":[{\"officer\":\"ma-dgsn.a.b\",\"device\":\"d\"}]}",
        "{\"format\":\"liaison-known-keys-1\",\"devices\":[{\"officer\":\"ma-dgsn.a.b\",\"device\":\"d\","
                + "\"fingerprint\":\"0000 0000 0000 0000 0000 0000 0000 0000\",\"since\":\"yesterday\"}]}"})
    void aDamagedFileIsRefusedWithAClearErrorAndLeftAsItIs(String contents) throws Exception {
        Files.writeString(knownKeys().file(), contents, StandardCharsets.UTF_8);
        VerifiedBundle device = officer.verifiedDevice("laptop-1");

        assertThatExceptionOfType(KnownKeysException.class)
                .isThrownBy(() -> knownKeys().observe(List.of(device)))
                .isInstanceOf(ProfileException.class)
                .withMessageContaining(knownKeys().file().toString())
                .withMessageContaining("is damaged")
                .withMessageContaining("move it away");
        assertThat(Files.readString(knownKeys().file(), StandardCharsets.UTF_8)).isEqualTo(contents);
        assertThat(logLines()).isEmpty();
    }

    @Test
    void concurrentObserversLoseNoDevice() throws Exception {
        int writers = 8;
        List<List<VerifiedBundle>> batches = new ArrayList<>();
        for (int writer = 0; writer < writers; writer++) {
            batches.add(List.of(officer.verifiedDevice("w" + writer + "-a"),
                    officer.verifiedDevice("w" + writer + "-b")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<List<KnownKeys.Observation>>> tasks = new ArrayList<>();
            for (List<VerifiedBundle> batch : batches) {
                // One instance per writer, as separate CLI processes would have.
                tasks.add(() -> KnownKeys.inProfile(profileDir, CLOCK).observe(batch));
            }
            for (Future<List<KnownKeys.Observation>> result : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                assertThat(result.get()).extracting(KnownKeys.Observation::status)
                        .containsOnly(KnownKeys.Status.NEW);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(knownKeys().devices()).hasSize(2 * writers);
    }
}
