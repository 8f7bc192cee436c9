package org.liaison.server.channel;

import java.time.Instant;
import org.liaison.proto.v1.ChannelKind;

/**
 * A channel as stored.
 *
 * @param lastSeq sequence number of the channel's latest event
 * @param membershipIndex index of the channel's newest membership statement
 */
public record ChannelRecord(
    ChannelId id, ChannelKind kind, String name, String purpose, String createdBy,
    Instant createdAt, boolean archived, long lastSeq, long membershipIndex) {}
