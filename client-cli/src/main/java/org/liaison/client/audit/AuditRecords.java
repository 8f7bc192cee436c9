package org.liaison.client.audit;

import com.google.protobuf.ByteString;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.client.LiaisonClientException;
import org.liaison.proto.v1.AuditCheckpoint;
import org.liaison.proto.v1.AuditRecord;

/**
 * Conversions between the wire's audit messages and the shared audit types: an
 * {@link AuditRecord} is an {@link AuditEntry} field for field ({@code channel_id} is
 * {@link AuditEntry#channel()}), an {@link AuditCheckpoint} a {@link Checkpoint}. Nothing is
 * verified here; a hash of the wrong length is refused.
 */
public final class AuditRecords {

    private AuditRecords() {
    }

    /**
     * The entry the server sent.
     *
     * @throws LiaisonClientException naming the seq if a hash is not 32 bytes
     */
    public static AuditEntry entry(AuditRecord record) {
        try {
            return new AuditEntry(record.getSeq(), record.getTimeMs(), record.getActor(), record.getAction(),
                    record.getChannelId(), record.getTarget(), record.getDetails(),
                    record.getPrevHash().toByteArray(), record.getEntryHash().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new LiaisonClientException("the server sent a malformed audit entry " + record.getSeq() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The wire form of {@code entry}. */
    public static AuditRecord record(AuditEntry entry) {
        return AuditRecord.newBuilder()
                .setSeq(entry.seq())
                .setTimeMs(entry.timeMs())
                .setActor(entry.actor())
                .setAction(entry.action())
                .setChannelId(entry.channel())
                .setTarget(entry.target())
                .setDetails(entry.details())
                .setPrevHash(ByteString.copyFrom(entry.prevHash()))
                .setEntryHash(ByteString.copyFrom(entry.entryHash()))
                .build();
    }

    /**
     * The checkpoint the server sent.
     *
     * @throws LiaisonClientException naming the seq if its hash is not 32 bytes
     */
    public static Checkpoint checkpoint(AuditCheckpoint checkpoint) {
        try {
            return new Checkpoint(checkpoint.getSeq(), checkpoint.getEntryHash().toByteArray(),
                    checkpoint.getTimeMs(), checkpoint.getSignature().toByteArray(), checkpoint.getKeyId());
        } catch (IllegalArgumentException e) {
            throw new LiaisonClientException("the server sent a malformed audit checkpoint at " + checkpoint.getSeq()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The wire form of {@code checkpoint}. */
    public static AuditCheckpoint checkpoint(Checkpoint checkpoint) {
        return AuditCheckpoint.newBuilder()
                .setSeq(checkpoint.seq())
                .setEntryHash(ByteString.copyFrom(checkpoint.entryHash()))
                .setTimeMs(checkpoint.timeMs())
                .setSignature(ByteString.copyFrom(checkpoint.signature()))
                .setKeyId(checkpoint.keyId())
                .build();
    }
}
