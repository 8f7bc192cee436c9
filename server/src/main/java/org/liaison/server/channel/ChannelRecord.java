package org.liaison.server.channel;

import java.time.Instant;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Markings;

/**
 * A channel as stored.
 *
 * @param lastSeq sequence number of the channel's latest event
 * @param membershipIndex index of the channel's newest membership statement
 * @param ceiling the highest classification its messages and tasks may carry
 * @param defaultMarkings what clients mark a message with when the sender says nothing
 */
public record ChannelRecord(
    ChannelId id, ChannelKind kind, String name, String purpose, String createdBy,
    Instant createdAt, boolean archived, long lastSeq, long membershipIndex,
    Classification ceiling, Markings defaultMarkings) {}
