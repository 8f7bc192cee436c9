package org.liaison.server.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.HexFormat;
import java.util.List;
import org.liaison.audit.AuditHashes;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.proto.v1.TaskUpdate;

/**
 * What the audit log records of a stored channel event: its kind, who, where, and metadata. Of a
 * message: id, sender device, recipient officers and devices, size and SHA-256 of the envelope as
 * stored; never the body.
 */
public final class ChannelEventAudit {
  private ChannelEventAudit() {}

  /** Most recipient officers listed by id in a message.stored entry (beyond: only counted). */
  static final int MAX_LISTED_RECIPIENTS = 50;

  public static AuditEvent of(ChannelEvent event) {
    return of(event, null);
  }

  /**
   * @param markings the event's markings (a message's, or its task's for every task transition),
   *     recorded as their banner so that an auditor sees what was released to whom; null: none
   */
  public static AuditEvent of(ChannelEvent event, Markings markings) {
    String actor = event.getActor();
    String channel = event.getChannelId();
    long seq = event.getSeq();
    return switch (event.getKindCase()) {
      case CREATED -> AuditEvent.of(AuditAction.CHANNEL_CREATED, actor, channel, channel,
          "channel_seq", seq, "kind", event.getCreated().getKind().name(),
          "name", event.getCreated().getName());
      case MEMBER_ADDED -> AuditEvent.of(AuditAction.MEMBER_ADDED, actor, channel,
          event.getMemberAdded().getOfficerId(), "channel_seq", seq,
          "role", event.getMemberAdded().getRole().name());
      case MEMBER_REMOVED -> AuditEvent.of(AuditAction.MEMBER_REMOVED, actor, channel,
          event.getMemberRemoved().getOfficerId(), "channel_seq", seq);
      case MEMBER_PROMOTED -> AuditEvent.of(AuditAction.MEMBER_PROMOTED, actor, channel,
          event.getMemberPromoted().getOfficerId(), "channel_seq", seq);
      case ARCHIVED -> AuditEvent.of(AuditAction.CHANNEL_ARCHIVED, actor, channel, channel,
          "channel_seq", seq);
      case MESSAGE -> message(event, event.getMessage(), markings);
      case TASK -> task(event, event.getTask(), markings);
      case TASK_ESCALATED -> AuditEvent.of(AuditAction.TASK_ESCALATED, actor, channel,
          event.getTaskEscalated().getTaskId(), "channel_seq", seq,
          "kind", event.getTaskEscalated().getKind().name(),
          "deadline_ms", event.getTaskEscalated().getDeadlineMs(),
          "assignee", event.getTaskEscalated().getAssignee(),
          "status", event.getTaskEscalated().getStatus().name());
      case FLASH_ACKNOWLEDGED -> AuditEvent.of(AuditAction.FLASH_ACKNOWLEDGED, actor, channel,
          String.valueOf(event.getFlashAcknowledged().getSeq()), "channel_seq", seq,
          "message_seq", event.getFlashAcknowledged().getSeq(), "markings", banner(markings));
      case FLASH_ESCALATED -> AuditEvent.of(AuditAction.FLASH_ESCALATED, actor, channel,
          String.valueOf(event.getFlashEscalated().getSeq()), "channel_seq", seq,
          "message_seq", event.getFlashEscalated().getSeq(),
          "sender", event.getFlashEscalated().getSender(),
          "deadline_ms", event.getFlashEscalated().getDeadlineMs(),
          "pending", String.join(",", event.getFlashEscalated().getPendingList()),
          "markings", banner(markings));
      case KIND_NOT_SET -> AuditEvent.of("channel.event", actor, channel, "",
          "channel_seq", seq);
    };
  }

  private static AuditEvent message(ChannelEvent event, Envelope envelope, Markings markings) {
    byte[] stored = envelope.toByteArray();
    List<String> officers = envelope.getWrapsList().stream().map(KeyWrap::getOfficerId)
        .distinct().sorted().toList();
    return AuditEvent.of(AuditAction.MESSAGE_STORED, event.getActor(), event.getChannelId(),
        envelope.getHeader().getMessageId(),
        "channel_seq", event.getSeq(),
        "sender_device", envelope.getHeader().getSenderDevice(),
        "recipient_officers", officers.size(),
        "recipients", officers.size() <= MAX_LISTED_RECIPIENTS ? String.join(",", officers)
            : "(" + officers.size() + " officers, not listed)",
        "recipient_devices", envelope.getWrapsCount(),
        "membership_index", envelope.getHeader().getMembershipIndex(),
        "size", stored.length,
        "envelope_sha256", HexFormat.of().formatHex(AuditHashes.sha256(stored)),
        "markings", banner(markings));
  }

  private static AuditEvent task(ChannelEvent event, TaskUpdate update, Markings markings) {
    TaskTransition t;
    try {
      t = TaskTransition.parseFrom(update.getTransition().getTransition());
    } catch (InvalidProtocolBufferException e) {
      // The task service stores only transitions it parsed and checked; record it anyway.
      return AuditEvent.of(AuditAction.TASK_TRANSITION, event.getActor(), event.getChannelId(),
          "", "channel_seq", event.getSeq(), "error", "unreadable transition");
    }
    return AuditEvent.of(AuditAction.TASK_TRANSITION, event.getActor(), event.getChannelId(),
        t.getTaskId(), "channel_seq", event.getSeq(), "index", t.getIndex(),
        "action", t.getAction().name(), "from", t.getFrom().name(), "to", t.getTo().name(),
        "assignee", t.getAssignee(), "actor_device", t.getActorDevice(),
        "content_bytes", update.getContent().getSerializedSize(),
        "markings", banner(markings));
  }

  /** Events stored before markings (and callers that pass none) read as the default. */
  private static String banner(Markings markings) {
    return org.liaison.markings.Markings.banner(
        markings == null ? org.liaison.markings.Markings.DEFAULT : markings);
  }
}
