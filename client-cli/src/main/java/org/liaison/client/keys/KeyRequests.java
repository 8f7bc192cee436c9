package org.liaison.client.keys;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.LiaisonClient;
import org.liaison.client.LiaisonClientException;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.GetKeys;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.KeysPublished;
import org.liaison.proto.v1.PublishKeys;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SignedKeyBundle;

/** The two key directory requests, with the answer kind checked. */
final class KeyRequests {

    private KeyRequests() {
    }

    /** {@code GetKeys}: the bundles the server serves for {@code officerIds} (at most 500), unverified. */
    static CompletableFuture<List<SignedKeyBundle>> getKeys(LiaisonClient client, List<String> officerIds) {
        ClientFrame.Builder frame = ClientFrame.newBuilder()
                .setGetKeys(GetKeys.newBuilder().addAllOfficerIds(officerIds));
        return client.request(frame).thenApply(answer -> {
            expect(answer, ServerFrame.BodyCase.KEY_DIRECTORY, "GetKeys");
            return List.copyOf(answer.getKeyDirectory().getBundlesList());
        });
    }

    /** {@code PublishKeys}: publishes (or rotates) the connected device's bundle. */
    static CompletableFuture<KeysPublished> publish(LiaisonClient client, SignedKeyBundle bundle) {
        ClientFrame.Builder frame = ClientFrame.newBuilder()
                .setPublishKeys(PublishKeys.newBuilder().setBundle(bundle));
        return client.request(frame).thenApply(answer -> {
            expect(answer, ServerFrame.BodyCase.KEYS_PUBLISHED, "PublishKeys");
            return answer.getKeysPublished();
        });
    }

    /**
     * The bundle among {@code served} that claims {@code officerId}'s device {@code deviceId}, read
     * without verification: for comparing with what this device published, never for trusting keys.
     */
    static Optional<SignedKeyBundle> claimedBy(List<SignedKeyBundle> served, String officerId, String deviceId) {
        for (SignedKeyBundle signed : served) {
            Optional<KeyBundle> bundle = parseUnverified(signed);
            if (bundle.isPresent() && bundle.get().getOfficerId().equals(officerId)
                    && bundle.get().getDeviceId().equals(deviceId)) {
                return Optional.of(signed);
            }
        }
        return Optional.empty();
    }

    /** The bundle inside {@code signed}, not verified; empty if the bytes are not a KeyBundle. */
    static Optional<KeyBundle> parseUnverified(SignedKeyBundle signed) {
        try {
            return Optional.of(KeyBundle.parseFrom(signed.getBundle()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static void expect(ServerFrame answer, ServerFrame.BodyCase expected, String request) {
        if (answer.getBodyCase() != expected) {
            throw new LiaisonClientException("server answered " + request + " with " + answer.getBodyCase()
                    + " instead of " + expected);
        }
    }
}
