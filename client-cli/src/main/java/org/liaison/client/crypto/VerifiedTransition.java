package org.liaison.client.crypto;

import java.time.Instant;
import java.util.Objects;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskTransition;

/**
 * One transition of a task whose signature, signer and place in the chain verified (see
 * {@link TaskChain}).
 *
 * @param signed     the transition as received
 * @param transition its parsed content
 * @param signer     the acting device's bundle, verified against our trusted agency CAs as it
 *                   stood when the transition was signed
 * @param linkHash   its link hash: what the next transition names as {@code previous_hash}
 */
public record VerifiedTransition(SignedTransition signed, TaskTransition transition, VerifiedBundle signer,
                                 byte[] linkHash) {

    public VerifiedTransition {
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(signer, "signer");
        linkHash = Objects.requireNonNull(linkHash, "linkHash").clone();
    }

    /** The transition's index in its task's chain (0 for the creation). */
    public long index() {
        return transition.getIndex();
    }

    /** When the actor says they made it. */
    public Instant time() {
        return Instant.ofEpochMilli(transition.getTimeMs());
    }

    /** A copy of the link hash. */
    @Override
    public byte[] linkHash() {
        return linkHash.clone();
    }
}
