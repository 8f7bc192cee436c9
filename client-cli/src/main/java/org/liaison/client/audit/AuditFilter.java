package org.liaison.client.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.liaison.audit.AuditEntry;
import org.liaison.proto.v1.AuditQuery;

/**
 * Which audit entries an auditor asks for, with the server's {@code AuditQuery} semantics: every
 * given filter must match. {@code ""} and {@code 0} mean "no filter".
 *
 * @param channel entries about this channel id
 * @param officer entries whose actor is this officer id
 * @param action  entries with exactly this action, or any action starting with it when it ends
 *                with {@code "."} ({@code "message."})
 * @param fromMs  entries at or after this time (ms since the epoch)
 * @param toMs    entries before this time
 */
public record AuditFilter(String channel, String officer, String action, long fromMs, long toMs) {

    private static final List<String> FIELD_NAMES = List.of("channel", "officer", "action", "from", "to");

    /** Every entry. */
    public static final AuditFilter NONE = new AuditFilter("", "", "", 0, 0);

    public AuditFilter {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(officer, "officer");
        Objects.requireNonNull(action, "action");
        for (String value : new String[] {channel, officer, action}) {
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a filter must not contain control characters");
            }
        }
        if (fromMs < 0 || toMs < 0) {
            throw new IllegalArgumentException("times must not be before 1970");
        }
    }

    /** Whether no filter is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Whether {@code entry} matches, as the server decides it. */
    public boolean matches(AuditEntry entry) {
        return (channel.isEmpty() || channel.equals(entry.channel()))
                && (officer.isEmpty() || officer.equals(entry.actor()))
                && (action.isEmpty() || (action.endsWith(".") ? entry.action().startsWith(action)
                        : action.equals(entry.action())))
                && entry.timeMs() >= fromMs
                && (toMs == 0 || entry.timeMs() < toMs);
    }

    /** A query with these filters (no paging set). */
    public AuditQuery.Builder toQuery() {
        return AuditQuery.newBuilder().setChannelId(channel).setOfficerId(officer).setAction(action)
                .setFromMs(fromMs).setToMs(toMs);
    }

    /**
     * The filters that are set, in a fixed order, as an export names them: {@code channel},
     * {@code officer}, {@code action}, {@code from} and {@code to} (ISO-8601 instants).
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        putIfSet(fields, "channel", channel);
        putIfSet(fields, "officer", officer);
        putIfSet(fields, "action", action);
        if (fromMs != 0) {
            fields.put("from", AuditFields.instant(fromMs));
        }
        if (toMs != 0) {
            fields.put("to", AuditFields.instant(toMs));
        }
        return fields;
    }

    /**
     * The filter an export names with {@link #fields()}.
     *
     * @throws IllegalArgumentException for an unknown name or a malformed value
     */
    public static AuditFilter ofFields(Map<String, String> fields) {
        for (String name : fields.keySet()) {
            if (!FIELD_NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown filter " + name);
            }
        }
        return new AuditFilter(fields.getOrDefault("channel", ""), fields.getOrDefault("officer", ""),
                fields.getOrDefault("action", ""), millis(fields.get("from")), millis(fields.get("to")));
    }

    private static long millis(String instant) {
        try {
            return instant == null ? 0 : Instant.parse(instant).toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("filter time " + instant + " is not an ISO-8601 instant", e);
        }
    }

    private static void putIfSet(Map<String, String> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }
}
