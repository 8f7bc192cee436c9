package org.liaison.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.crypto.BundleRejectedException;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.GetKeys;
import org.liaison.proto.v1.ServerFrame.BodyCase;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * Every key bundle an officer's devices ever published, verified as they stood at a given time:
 * what verifies a message signed before its device rotated its keys. Never used to choose whom
 * to encrypt to. Bundles that do not verify are left out.
 */
public final class KeyHistory {

    private final LiaisonClient client;
    private final BundleVerifier verifier;

    public KeyHistory(LiaisonClient client, BundleVerifier verifier) {
        this.client = Objects.requireNonNull(client, "client");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The bundles of {@code officerId}'s device {@code deviceId}, newest first, verified as of {@code at}. */
    public CompletableFuture<List<VerifiedBundle>> deviceAt(String officerId, String deviceId, Instant at) {
        GetKeys request = GetKeys.newBuilder().addOfficerIds(officerId).setIncludeSuperseded(true).build();
        return Answers.call(client, ClientFrame.newBuilder().setGetKeys(request), BodyCase.KEY_DIRECTORY,
                answer -> verified(answer.getKeyDirectory().getBundlesList(), officerId, deviceId, at));
    }

    private List<VerifiedBundle> verified(List<SignedKeyBundle> served, String officerId, String deviceId,
                                          Instant at) {
        List<VerifiedBundle> result = new ArrayList<>();
        for (SignedKeyBundle signed : served) {
            try {
                VerifiedBundle bundle = verifier.verify(signed, at);
                if (bundle.officerId().equals(officerId) && bundle.deviceId().equals(deviceId)) {
                    result.add(bundle);
                }
            } catch (BundleRejectedException e) {
                // Not usable as of that time: it cannot vouch for the message.
            }
        }
        return result;
    }
}
