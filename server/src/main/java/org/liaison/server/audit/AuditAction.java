package org.liaison.server.audit;

/** The actions written to the audit log (the {@code action} column), as documented in docs/audit.md. */
public final class AuditAction {
  public static final String SERVER_STARTED = "server.started";
  public static final String SERVER_STOPPED = "server.stopped";
  public static final String CONNECTION_ACCEPTED = "connection.accepted";
  public static final String CONNECTION_REFUSED = "connection.refused";
  public static final String CONNECTION_REFUSED_SUPPRESSED = "connection.refused_suppressed";
  public static final String SESSION_REVOKED = "session.revoked";
  public static final String KEYS_PUBLISHED = "keys.published";
  public static final String KEYS_ROTATED = "keys.rotated";
  public static final String CHANNEL_CREATED = "channel.created";
  public static final String CHANNEL_ARCHIVED = "channel.archived";
  public static final String MEMBER_ADDED = "member.added";
  public static final String MEMBER_REMOVED = "member.removed";
  public static final String MEMBER_PROMOTED = "member.promoted";
  public static final String MESSAGE_STORED = "message.stored";
  public static final String MESSAGE_DELIVERED = "message.delivered";
  public static final String MESSAGE_READ = "message.read";
  public static final String FLASH_ACKNOWLEDGED = "flash.acknowledged";
  public static final String FLASH_ESCALATED = "flash.escalated";
  public static final String TASK_TRANSITION = "task.transition";
  public static final String TASK_ESCALATED = "task.escalated";
  public static final String TRUST_CRL_LOADED = "trust.crl_loaded";
  public static final String TRUST_CRL_UNUSABLE = "trust.crl_unusable";
  public static final String AUDIT_QUERY = "audit.query";
  public static final String AUDIT_CHECKPOINTS = "audit.checkpoints";
  public static final String AUDIT_READ = "audit.read";
  public static final String AUDIT_DENIED = "audit.denied";

  private AuditAction() {}
}
