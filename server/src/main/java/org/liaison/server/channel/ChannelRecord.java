package org.liaison.server.channel;

import java.time.Instant;
import org.liaison.proto.v1.ChannelKind;

/** A channel as stored. */
public record ChannelRecord(
    ChannelId id, ChannelKind kind, String name, String purpose, String createdBy,
    Instant createdAt, boolean archived, long lastSeq) {}
