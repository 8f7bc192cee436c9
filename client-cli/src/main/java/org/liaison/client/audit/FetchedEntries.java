package org.liaison.client.audit;

import java.util.List;
import org.liaison.audit.AuditEntry;

/**
 * Audit entries as the server served them, oldest first, unverified.
 *
 * @param entries the entries
 * @param lastSeq the newest entry of the log when the first page was answered: paging stopped
 *                there, so entries added meanwhile are not included
 */
public record FetchedEntries(List<AuditEntry> entries, long lastSeq) {

    public FetchedEntries {
        entries = List.copyOf(entries);
    }
}
