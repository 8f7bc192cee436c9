package org.liaison.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.CreateChannel;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.PublishKeys;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.proto.v1.Sync;

/**
 * The untimed set-up of the messaging scenarios, done as a real client does it with the client
 * library's crypto: each device publishes a key bundle signed by its officer certificate, starts
 * delivery ({@code Sync}), and each channel is created by a signed statement of its supervisor;
 * the recipients' bundles are then verified against the agency CAs before anything is sealed.
 */
final class MessagingSetup {
    private static final Duration BUNDLE_VALIDITY = Duration.ofDays(2);

    /** A connected device with its end-to-end keys. */
    record Member(BenchConnection connection, DeviceCredentials device) {
    }

    /** A created channel: its sender (a supervisor, also a member) and the verified recipients. */
    record Group(int index, String channelId, Member sender, List<Member> members, List<VerifiedBundle> recipients) {
    }

    private MessagingSetup() {
    }

    /** Publishes a fresh key bundle for every connection's device; at most {@code inFlight} at once. */
    static List<Member> publishKeys(List<BenchConnection> connections, Map<String, BenchOfficer> officers,
                                    int inFlight) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Member>> all = new ArrayList<>();
        Instant now = Instant.now();
        for (BenchConnection connection : connections) {
            BenchOfficer officer = officers.get(connection.officerId());
            DeviceKeys keys = DeviceKeys.generate();
            SignedKeyBundle bundle = KeyBundles.sign(KeyBundles.bundle(officer.officerId(), connection.deviceId(),
                    keys, now.minusSeconds(60), BUNDLE_VALIDITY), officer.key(), officer.chain());
            DeviceCredentials device = new DeviceCredentials(officer.officerId(), connection.deviceId(), keys, bundle);
            permits.acquire();
            all.add(connection.request(ClientFrame.newBuilder()
                            .setPublishKeys(PublishKeys.newBuilder().setBundle(bundle)))
                    .whenComplete((answer, error) -> permits.release())
                    .thenApply(answer -> {
                        expect(answer, ServerFrame.BodyCase.KEYS_PUBLISHED, "publishing keys");
                        return new Member(connection, device);
                    }));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    /** Starts delivery on every connection (each then gets new events pushed). */
    static void sync(List<BenchConnection> connections, int inFlight) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<ServerFrame>> all = new ArrayList<>();
        for (BenchConnection connection : connections) {
            permits.acquire();
            all.add(connection.request(ClientFrame.newBuilder().setSync(Sync.getDefaultInstance()))
                    .whenComplete((answer, error) -> permits.release()));
        }
        all.forEach(answer -> expect(answer.join(), ServerFrame.BodyCase.SYNC_COMPLETE, "sync"));
    }

    /**
     * Creates a group channel signed by {@code sender}'s device with {@code others} as members and
     * verifies every member's bundle (the sender's included) as a sending client must.
     */
    static CompletableFuture<Group> createChannel(int index, Member sender, List<Member> others,
                                                  BundleVerifier verifier) {
        String channelId = MembershipChain.newChannelId();
        MembershipStatement statement = MembershipChain.createGroup(channelId, "bench-" + index,
                "liaison-bench", others.stream().map(m -> m.device().officerId()).toList(),
                sender.device(), Instant.now());
        ClientFrame.Builder create = ClientFrame.newBuilder().setCreateChannel(CreateChannel.newBuilder()
                .setStatement(MembershipChain.sign(statement, sender.device())));
        return sender.connection().request(create).thenApplyAsync(answer -> {
            expect(answer, ServerFrame.BodyCase.CHANNEL, "creating a channel");
            List<Member> members = new ArrayList<>();
            members.add(sender);
            members.addAll(others);
            List<VerifiedBundle> recipients = members.stream()
                    .map(m -> verifier.verify(m.device().bundle())).toList();
            return new Group(index, answer.getChannel().getChannelId(), sender, members, recipients);
        });
    }

    static BundleVerifier verifier(BenchPki pki) {
        return new BundleVerifier(pki.agencyCas(), Clock.systemUTC());
    }

    static void expect(ServerFrame answer, ServerFrame.BodyCase body, String what) {
        if (answer.getBodyCase() != body) {
            throw new IllegalStateException(what + " failed: " + (answer.hasError()
                    ? answer.getError().getCode() + " " + answer.getError().getMessage() : answer.getBodyCase()));
        }
    }
}
