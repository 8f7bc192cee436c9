/**
 * The auditor's side of the audit log (docs/audit.md): what the server says, checked.
 *
 * <ul>
 *   <li>{@link org.liaison.client.audit.AuditLogFetcher}: every entry matching a filter, or every
 *       checkpoint, page after page ({@link org.liaison.client.audit.AuditRecords} converts the wire
 *       messages to the shared {@link org.liaison.audit.AuditEntry} and
 *       {@link org.liaison.audit.Checkpoint}).</li>
 *   <li>{@link org.liaison.client.audit.AuditTrust}: the audit certificate must chain to the
 *       operator CA this profile trusts for the server (PKIX).</li>
 *   <li>{@link org.liaison.client.audit.KeptCheckpoints}: the checkpoints this profile kept, in its
 *       {@code audit/} directory; {@link org.liaison.client.audit.CheckpointKeeper} keeps the
 *       server's newest one only if it extends the kept one.</li>
 *   <li>{@link org.liaison.client.audit.OnlineVerifier}: the whole log against the server's and the
 *       kept checkpoints.</li>
 *   <li>{@link org.liaison.client.audit.AuditExporter}, {@link org.liaison.client.audit.AuditExportFormat}
 *       and {@link org.liaison.client.audit.ExportVerifier}: an export (JSON lines or CSV) with
 *       redacted entries, the covering checkpoint and the certificate chain, which verifies alone.</li>
 * </ul>
 *
 * <p>Verification never throws for what it finds: every failing seq is reported as an
 * {@link org.liaison.audit.AuditFailure}. Exceptions mean it could not be done: an untrusted audit
 * certificate ({@link org.liaison.client.audit.AuditCertificateException}), an unreadable export
 * ({@link org.liaison.client.audit.AuditExportException}), damaged kept checkpoints
 * ({@link org.liaison.client.audit.KeptCheckpointsException}, a
 * {@link org.liaison.client.ProfileException}).
 */
package org.liaison.client.audit;
