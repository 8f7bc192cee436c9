package org.liaison.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code audit --since} and {@code --until} accept, and how audit times are shown. An
 * ISO-8601 instant ({@code 2026-07-14T12:00:00Z}), a date ({@code 2026-07-14}: midnight UTC), or a
 * time ago ({@code -2h}, {@code -45m}, {@code -1d}, {@code -1h30m}; units d, h, m, s). The log's
 * times are the server's, in UTC, and are shown in UTC.
 */
final class AuditTimes {

    private static final Pattern AGO = Pattern.compile("-((?:\\d{1,6}[dhms])+)");
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AuditTimes() {
    }

    /**
     * The instant {@code text} names, times ago counted back from {@code now}.
     *
     * @throws IllegalArgumentException when it is none of the forms
     */
    static Instant parse(String text, Instant now) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            return now.minus(TaskTimes.duration(ago.group(1)));
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException("'" + EventFormatter.printable(text) + "' is neither an ISO-8601"
                        + " instant such as 2026-07-14T12:00:00Z, a date such as 2026-07-14 (midnight UTC), nor a"
                        + " time ago such as -2h, -45m, -1d or -1h30m");
            }
        }
    }

    /** An audit time as the tables show it: {@code 2026-07-14 12:00:00.000Z}. */
    static String shown(long epochMs) {
        return SHOWN.format(Instant.ofEpochMilli(epochMs));
    }
}
