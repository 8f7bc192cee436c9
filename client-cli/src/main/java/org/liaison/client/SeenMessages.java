package org.liaison.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The message ids this device has verified, per channel, with the sequence
 * number each arrived at: a message id showing up again at another position
 * is a replay. Kept in memory, or also in the profile directory
 * ({@code seen-messages/<channel>.txt}, one {@code seq message-id} line per
 * message) so that replays are caught across runs. Only verified messages are
 * recorded, so an unverifiable envelope cannot make a genuine one look replayed.
 */
public final class SeenMessages {

    private static final Pattern CHANNEL_ID = Pattern.compile("c-[a-z2-7]{12}");

    private final Path directory;
    private final Map<String, Map<String, Long>> byChannel = new ConcurrentHashMap<>();

    private SeenMessages(Path directory) {
        this.directory = directory;
    }

    /** A record that lives as long as this object. */
    public static SeenMessages inMemory() {
        return new SeenMessages(null);
    }

    /** A record kept in {@code profileDir/seen-messages}. */
    public static SeenMessages inProfile(Path profileDir) {
        return new SeenMessages(Objects.requireNonNull(profileDir, "profileDir").resolve("seen-messages"));
    }

    /** The sequence number {@code messageId} was seen at in the channel, if it was. */
    public synchronized OptionalLong seenAt(String channelId, String messageId) {
        Long seq = channel(channelId).get(messageId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    /** Records a verified message; recording the same one again changes nothing. */
    public synchronized void record(String channelId, String messageId, long seq) {
        Map<String, Long> seen = channel(channelId);
        if (seen.putIfAbsent(messageId, seq) != null || directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(file(channelId), seq + " " + messageId + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record seen message in " + directory, e);
        }
    }

    private Map<String, Long> channel(String channelId) {
        return byChannel.computeIfAbsent(channelId, this::load);
    }

    private Map<String, Long> load(String channelId) {
        Map<String, Long> seen = new HashMap<>();
        if (directory == null || !CHANNEL_ID.matcher(channelId).matches() || !Files.isRegularFile(file(channelId))) {
            return seen;
        }
        try {
            List<String> lines = Files.readAllLines(file(channelId), StandardCharsets.UTF_8);
            for (String line : lines) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    try {
                        seen.putIfAbsent(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
                    } catch (NumberFormatException e) {
                        // A torn last line from an interrupted run: the message is recorded again when seen.
                    }
                }
            }
            return seen;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seen messages in " + directory, e);
        }
    }

    private Path file(String channelId) {
        if (!CHANNEL_ID.matcher(channelId).matches()) {
            throw new IllegalArgumentException("not a channel id: " + channelId);
        }
        return directory.resolve(channelId + ".txt");
    }
}
