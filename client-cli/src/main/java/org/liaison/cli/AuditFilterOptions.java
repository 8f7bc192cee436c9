package org.liaison.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.liaison.client.audit.AuditFilter;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The filters {@code audit query} and {@code audit export} share, with the server's meaning: every
 * filter given must match.
 */
final class AuditFilterOptions {

    private static final Pattern CHANNEL_ID = Pattern.compile("c-[a-z2-7]{12}");
    private static final Pattern ACTION = Pattern.compile("[a-z0-9_.-]{1,64}");

    @Option(names = "--channel", paramLabel = "CHANNEL_ID",
            description = "Only entries about this channel: its id (c-…), since auditors need not be members.")
    String channel;

    @Option(names = "--officer", paramLabel = "OFFICER",
            description = "Only entries whose actor is this officer id, e.g. fr-pn.claire.martin.")
    String officer;

    @Option(names = "--action", paramLabel = "ACTION",
            description = "Only entries with this action (message.stored), or with any action starting with it "
                    + "when it ends with a dot (message.).")
    String action;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Only entries at or after TIME: an ISO-8601 instant (2026-07-14T12:00:00Z), a date "
                    + "(2026-07-14, midnight UTC) or a time ago (-2h, -1d, -1h30m).")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Only entries before TIME (same forms as --since).")
    String until;

    /**
     * The filter the options name.
     *
     * @throws ParameterException (a usage error) for a malformed value
     */
    AuditFilter filter(CommandLine commandLine, Instant now) {
        String channelId = channel == null ? "" : channel.strip();
        if (!channelId.isEmpty() && !CHANNEL_ID.matcher(channelId).matches()) {
            throw new ParameterException(commandLine, "--channel must be a channel id (c- and 12 characters), got "
                    + EventFormatter.printable(channelId));
        }
        String actionName = action == null ? "" : action.strip();
        if (!actionName.isEmpty() && !ACTION.matcher(actionName).matches()) {
            throw new ParameterException(commandLine, "--action must be 1-64 characters of a-z, 0-9, '_', '.', '-',"
                    + " got " + EventFormatter.printable(actionName));
        }
        String officerId = officer == null ? "" : officer.strip();
        if (officerId.chars().anyMatch(Character::isISOControl)) {
            throw new ParameterException(commandLine, "--officer must not contain control characters");
        }
        long from = time(commandLine, "--since", since, now);
        long to = time(commandLine, "--until", until, now);
        if (to != 0 && to <= from) {
            throw new ParameterException(commandLine, "--until must be after --since");
        }
        return new AuditFilter(channelId, officerId, actionName, from, to);
    }

    private static long time(CommandLine commandLine, String option, String text, Instant now) {
        if (text == null) {
            return 0;
        }
        try {
            long ms = AuditTimes.parse(text, now).toEpochMilli();
            if (ms <= 0) {
                throw new IllegalArgumentException(option + " must be after 1970");
            }
            return ms;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, option + ": " + e.getMessage());
        }
    }

    /** The options that name {@code filter}, to repeat them in a hint. */
    static List<String> arguments(AuditFilter filter) {
        List<String> args = new ArrayList<>();
        filter.fields().forEach((name, value) -> {
            String option = switch (name) {
                case "from" -> "--since";
                case "to" -> "--until";
                default -> "--" + name;
            };
            args.add(option + " " + EventFormatter.printable(value));
        });
        return args;
    }
}
