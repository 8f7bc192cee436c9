package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.testing.MisbehavingServer;
import org.liaison.testing.TestPki;

/**
 * Sending marked messages through {@link Messages}, against a scripted server that answers with a
 * channel whose signed creation sets a CONFIDENTIAL ceiling and RESTRICTED // REL MA by default:
 * what the envelope carries and who it is sealed for come from the signed statement and the
 * verified certificates, never from the server's channel info.
 */
class MarkedSendTest {

    private static final String CHANNEL = "c-markedsend01";
    private static final String NADIA = "ma-dgsn.nadia.elamrani";
    private static final String KARIM = TestPki.OFFICER_ID;
    private static final String OMAR = "ma-dgsn.omar.tazi";
    private static final org.liaison.proto.v1.Markings RESTRICTED_MA =
            Markings.of(Classification.CLASSIFICATION_RESTRICTED, "MA", Precedence.PRECEDENCE_ROUTINE);

    private static TestPki pki;
    private static DeviceCredentials nadia;
    private static DeviceCredentials karim;
    private static DeviceCredentials omar;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Envelope> sent = new ArrayList<>();
    private Messages messages;

    @BeforeAll
    static void officers() {
        pki = TestPki.create();
        nadia = device(NADIA, "supervisor", Classification.CLASSIFICATION_SECRET);
        karim = device(KARIM, "officer", Classification.CLASSIFICATION_UNCLASSIFIED);
        omar = device(OMAR, "officer", Classification.CLASSIFICATION_CONFIDENTIAL);
    }

    private static DeviceCredentials device(String officerId, String role, Classification clearance) {
        TestPki.Issued issued = pki.issueOfficer(officerId, role, clearance);
        DeviceKeys keys = DeviceKeys.generate();
        return new DeviceCredentials(officerId, "cli-1", keys, KeyBundles.sign(KeyBundles.bundle(officerId, "cli-1",
                keys, Instant.now().minusSeconds(60), Duration.ofDays(30)), issued.keyPair().getPrivate(),
                List.of(issued.certificate(), pki.agencyCa())));
    }

    @BeforeEach
    void connect() throws Exception {
        SignedStatement creation = MembershipChain.sign(MembershipChain.createGroup(CHANNEL, "ops", "",
                List.of(KARIM, OMAR), Classification.CLASSIFICATION_CONFIDENTIAL, RESTRICTED_MA, nadia,
                Instant.now()), nadia);
        MisbehavingServer server = MisbehavingServer.afterWelcome(pki.serverContext(), (frame, connection) -> {
            if (frame.hasListMembers()) {
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setMembers(MemberList.newBuilder().setChannelId(CHANNEL).addChain(creation)
                                .addMembers(Member.newBuilder().setOfficerId(NADIA))
                                .addMembers(Member.newBuilder().setOfficerId(KARIM))
                                .addMembers(Member.newBuilder().setOfficerId(OMAR)))
                        .build());
            } else if (frame.hasSendMessage()) {
                synchronized (sent) {
                    sent.add(frame.getSendMessage().getEnvelope());
                }
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setMessageAccepted(MessageAccepted.newBuilder().setChannelId(CHANNEL).setSeq(7)
                                .setMessageId(frame.getSendMessage().getEnvelope().getHeader().getMessageId()))
                        .build());
            }
        });
        closeables.add(server);
        pki.writeProfile(dir, server.address(), "pw");
        LiaisonClient client = LiaisonClient.connect(ClientProfile.load(dir)).get(10, TimeUnit.SECONDS);
        closeables.add(0, client);
        BundleVerifier verifier = new BundleVerifier(List.of(pki.agencyCa()), Clock.systemUTC());
        Map<String, VerifiedBundle> bundles = new HashMap<>();
        for (DeviceCredentials device : List.of(nadia, karim, omar)) {
            bundles.put(device.officerId(), verifier.verify(device.bundle()));
        }
        KeySource keys = (Collection<String> officers) -> {
            Map<String, List<VerifiedBundle>> byOfficer = new HashMap<>();
            officers.forEach(officer -> byOfficer.put(officer, bundles.containsKey(officer)
                    ? List.of(bundles.get(officer)) : List.of()));
            return java.util.concurrent.CompletableFuture.completedFuture(new KeySource.Devices(byOfficer, List.of()));
        };
        Channels channels = new Channels(client, nadia, verifier, Clock.systemUTC());
        messages = new Messages(client, channels, nadia, keys, Clock.systemUTC());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void withoutMarkingsTheSignedDefaultIsSealedIntoTheHeaderAndNarrowsTheRecipients() throws Exception {
        SentMessage message = messages.sendText(CHANNEL, "gate 4").get(10, TimeUnit.SECONDS);

        assertThat(message.markings()).isEqualTo(RESTRICTED_MA);
        assertThat(message.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.officerId()).isEqualTo(KARIM);
            assertThat(excluded.why()).isEqualTo(Delivery.Why.CLEARANCE_BELOW);
        });
        Envelope envelope = sent.get(0);
        assertThat(envelope.getHeader().getMarkings()).isEqualTo(RESTRICTED_MA);
        assertThat(envelope.getWrapsList()).extracting(wrap -> wrap.getOfficerId())
                .containsExactlyInAnyOrder(NADIA, OMAR);
    }

    @Test
    void previewTellsWhoWillNotReceiveItWithoutSendingAnything() throws Exception {
        Delivery delivery = messages.preview(CHANNEL, Optional.of(Markings.of(Classification.CLASSIFICATION_CONFIDENTIAL,
                "MA", Precedence.PRECEDENCE_FLASH))).get(10, TimeUnit.SECONDS);

        assertThat(delivery.devices()).extracting(VerifiedBundle::officerId).containsExactlyInAnyOrder(NADIA, OMAR);
        assertThat(delivery.excluded()).extracting(Delivery.Exclusion::officerId).containsExactly(KARIM);
        assertThat(messages.defaultMarkings(CHANNEL).get(10, TimeUnit.SECONDS)).isEqualTo(RESTRICTED_MA);
        assertThat(sent).isEmpty();
    }

    @Test
    void aClassificationAboveTheSignedCeilingIsNeverSent() {
        org.liaison.proto.v1.Markings secret = Markings.of(Classification.CLASSIFICATION_SECRET, "MA",
                Precedence.PRECEDENCE_ROUTINE);

        assertThatThrownBy(() -> messages.sendText(CHANNEL, "x", Optional.of(secret)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(MarkingsRefusedException.class)
                .satisfies(e -> assertThat(((MarkingsRefusedException) e).reason())
                        .isEqualTo(MarkingsRefusedException.Reason.ABOVE_CEILING));
        assertThat(sent).isEmpty();
    }

    @Test
    void markingsReleasedOnlyToAnotherNationAreRefusedToTheSender() {
        org.liaison.proto.v1.Markings frOnly = Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR",
                Precedence.PRECEDENCE_ROUTINE);

        assertThatThrownBy(() -> messages.sendText(CHANNEL, "x", Optional.of(frOnly)).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(MarkingsRefusedException.class).hasMessageContaining("nation not releasable");
        assertThat(sent).isEmpty();
    }
}
