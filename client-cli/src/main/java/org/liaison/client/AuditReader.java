package org.liaison.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.proto.v1.AuditRead;
import org.liaison.proto.v1.AuditReadPage;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ServerFrame.BodyCase;

/**
 * An auditor's reading of a channel (DESIGN.md, "transparent escrow"): the server returns only the
 * message and task events whose envelopes were sealed for this auditor's devices, which are the
 * bodies released to the auditor's nation, with the channel's membership chain; each event is
 * then verified and decrypted like any member's, by a {@link MessageOpener}. Nothing else of the
 * channel can be read: a body not sealed for this device stays ciphertext.
 *
 * <p>Only auditors are answered (others get {@code PERMISSION_DENIED}), and every read is written
 * to the audit log.
 */
public final class AuditReader {

    /** The largest page the server serves. */
    public static final int MAX_LIMIT = 500;

    private final LiaisonClient client;
    private final MessageOpener opener;
    private final BundleVerifier verifier;
    private final Clock clock;

    /** Reads over {@code client}'s connection, verifying chains with {@code verifier} and opening with {@code opener}. */
    public AuditReader(LiaisonClient client, MessageOpener opener, BundleVerifier verifier, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What was read: the opened events, and where to continue ({@code more} and the sequence
     * number the server scanned up to).
     */
    public record Read(String channelId, List<OpenedEvent> events, boolean more, long scannedToSeq) {

        public Read {
            events = List.copyOf(events);
        }
    }

    /** One page of the server's answer, unopened. */
    public CompletableFuture<AuditReadPage> page(String channelId, long afterSeq, int limit) {
        AuditRead request = AuditRead.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setAfterSeq(afterSeq)
                .setLimit(limit)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setAuditRead(request), BodyCase.AUDIT_READ_PAGE,
                answer -> answer.getAuditReadPage());
    }

    /**
     * Up to {@code max} events released to this auditor after {@code afterSeq}, verified and
     * decrypted, following the server's pages.
     *
     * @return completes with the events read, or fails with a
     *         {@link org.liaison.client.crypto.MembershipRejectedException} if the channel's
     *         membership chain does not verify, or a {@link ServerRefusedException}
     */
    public CompletableFuture<Read> read(String channelId, long afterSeq, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        return readFrom(channelId, afterSeq, max, new ArrayList<>());
    }

    private CompletableFuture<Read> readFrom(String channelId, long afterSeq, int max, List<OpenedEvent> opened) {
        int limit = Math.min(MAX_LIMIT, max - opened.size());
        return page(channelId, afterSeq, limit).thenCompose(page -> {
            VerifiedMembership chain = MembershipChain.verify(channelId, page.getChainList(), verifier,
                    clock.instant());
            opener.useMembership(channelId, chain);
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            for (ChannelEvent event : page.getEventsList()) {
                done = done.thenCompose(ignored -> opener.open(event)).thenAccept(opened::add);
            }
            return done.thenCompose(ignored -> {
                boolean more = page.getMore() && page.getScannedToSeq() > afterSeq;
                if (more && opened.size() < max) {
                    return readFrom(channelId, page.getScannedToSeq(), max, opened);
                }
                return CompletableFuture.completedFuture(new Read(channelId, opened, more, page.getScannedToSeq()));
            });
        });
    }
}
