package org.liaison.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.liaison.proto.v1.AuditPage;
import org.liaison.proto.v1.AuditQuery;
import org.liaison.proto.v1.CheckpointList;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.GetCheckpoints;
import org.liaison.proto.v1.ServerFrame.BodyCase;

/**
 * The audit log requests of one connection (docs/audit.md): query entries and fetch the server's
 * signed checkpoints.
 *
 * <p>The server answers only officers whose certificate carries the auditor role; anyone else's
 * request fails with a {@link ServerRefusedException} with code {@code PERMISSION_DENIED}. Every
 * request, answered or refused, is itself written to the audit log. An answer of the wrong kind
 * fails the future with a {@link LiaisonClientException}. Futures complete on the connection's
 * event loop (see {@link LiaisonClient}).
 *
 * <p>What comes back is what the server says: nothing here verifies it. The
 * {@link org.liaison.client.audit} package checks the hash chain, the checkpoints' signatures and
 * the audit certificate.
 */
public final class Audit {

    /** The most entries or checkpoints the server returns in one answer. */
    public static final int MAX_LIMIT = 1000;

    private final LiaisonClient client;

    /** Audit requests over {@code client}'s connection. */
    public Audit(LiaisonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * One page of the entries matching {@code query}, oldest first: all filters must match;
     * {@code more} says whether to ask again with {@code after_seq} set to the last entry's seq.
     */
    public CompletableFuture<AuditPage> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return Answers.call(client, ClientFrame.newBuilder().setAuditQuery(query), BodyCase.AUDIT_PAGE,
                answer -> answer.getAuditPage());
    }

    /**
     * The signed checkpoints after {@code afterSeq}, oldest first, at most {@code limit}
     * (1-{@value #MAX_LIMIT}), with the audit certificate chain that signs them.
     */
    public CompletableFuture<CheckpointList> checkpoints(long afterSeq, int limit) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, got " + afterSeq);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", got " + limit);
        }
        GetCheckpoints request = GetCheckpoints.newBuilder().setAfterSeq(afterSeq).setLimit(limit).build();
        return Answers.call(client, ClientFrame.newBuilder().setGetCheckpoints(request), BodyCase.CHECKPOINTS,
                answer -> answer.getCheckpoints());
    }

    /**
     * Asks the server to sign a checkpoint of its log's newest entry now (the server honours one
     * such request every 10 seconds, from any auditor; otherwise its newest checkpoint stays the
     * newest). Completes once the server answered; fetch the checkpoints afterwards.
     */
    public CompletableFuture<Void> requestCheckpoint() {
        GetCheckpoints request = GetCheckpoints.newBuilder().setSignNow(true).setLimit(1).build();
        return Answers.call(client, ClientFrame.newBuilder().setGetCheckpoints(request), BodyCase.CHECKPOINTS,
                answer -> answer.getCheckpoints()).thenApply(list -> null);
    }
}
