package org.liaison.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.PlainTextBody;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.SealedMessage;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.EnvelopeHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client crypto of one message by recipient count: sealing (AES-256-GCM body, one HPKE wrap per
 * recipient device, Ed25519 signature) and opening on one recipient (signature check, one HPKE
 * unwrap, decryption), with the client library's {@link EnvelopeCrypto}. Key bundles are signed by
 * officer certificates from an in-memory agency CA and verified as a client verifies them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EnvelopeBenchmark {
    @Param({"1", "10", "50"})
    public int recipients;

    @Param({"200"})
    public int bodyBytes;

    private final EnvelopeCrypto crypto = new EnvelopeCrypto();
    private final List<DeviceKeys> deviceKeys = new ArrayList<>();
    private final List<VerifiedBundle> bundles = new ArrayList<>();
    private EnvelopeHeader header;
    private byte[] body;
    private SealedMessage sealed;

    @Setup(Level.Trial)
    public void setUp() {
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"),
                clock, Duration.ofDays(30));
        BundleVerifier verifier = new BundleVerifier(List.of(ca.certificate()), clock);
        Instant now = Instant.now();
        for (int i = 0; i < recipients; i++) {
            String officer = "fr-pn.jmh-" + i;
            IssuedIdentity identity = ca.issueOfficer(OfficerSpec.forAgency(ca.agency(), officer,
                    Set.of(OfficerSpec.OFFICER), now.minusSeconds(60), Duration.ofDays(1)));
            DeviceKeys keys = DeviceKeys.generate();
            deviceKeys.add(keys);
            bundles.add(verifier.verify(KeyBundles.sign(KeyBundles.bundle(officer, "jmh-device", keys, now.minusSeconds(60),
                    Duration.ofDays(1)), identity.privateKey(), identity.chain())));
        }
        header = EnvelopeHeader.newBuilder().setMessageId("jmh-1").setChannelId("c-aaaaaaaaaaaa")
                .setSender("fr-pn.jmh-0").setSenderDevice("jmh-device").setSentMs(now.toEpochMilli())
                .setContentType(PlainTextBody.CONTENT_TYPE).setMembershipIndex(0).setMarkings(Markings.DEFAULT)
                .build();
        body = "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8);
        sealed = crypto.seal(header, body, bundles, deviceKeys.get(0));
    }

    @Benchmark
    public SealedMessage seal() {
        return crypto.seal(header, body, bundles, deviceKeys.get(0));
    }

    /** Opening as the last recipient (the sender's bundle verifies the signature). */
    @Benchmark
    public byte[] open() {
        int me = recipients - 1;
        return crypto.open(sealed, header, bundles.get(me).officerId(), "jmh-device", deviceKeys.get(me),
                bundles.get(0));
    }
}
