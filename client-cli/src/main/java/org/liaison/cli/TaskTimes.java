package org.liaison.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code task create} and {@code task reschedule} accept: an ISO-8601 instant
 * ({@code 2026-07-14T12:00:00Z}) or a time from now ({@code +2h}, {@code +45m}, {@code +1d},
 * {@code +1h30m}; units d, h, m, s).
 */
final class TaskTimes {

    private static final Pattern RELATIVE = Pattern.compile("\\+((?:\\d{1,6}[dhms])+)");
    private static final Pattern PART = Pattern.compile("(\\d{1,6})([dhms])");

    private TaskTimes() {
    }

    /**
     * The duration of {@code parts} such as {@code 1h30m} (units d, h, m, s; each amount at most
     * six digits), as the relative times of the CLI write it.
     */
    static Duration duration(String parts) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(parts);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        return total;
    }

    /**
     * The instant {@code text} names, relative ones counted from {@code now}.
     *
     * @throws IllegalArgumentException when it is neither form
     */
    static Instant parse(String text, Instant now) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            return now.plus(duration(relative.group(1)));
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant such as "
                    + "2026-07-14T12:00:00Z nor a time from now such as +2h, +45m, +1d or +1h30m");
        }
    }
}
