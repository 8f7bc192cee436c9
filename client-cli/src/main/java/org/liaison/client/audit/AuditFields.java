package org.liaison.client.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.liaison.audit.AuditHashes;
import org.liaison.audit.Checkpoint;

/**
 * How the audit files of the client (exports, kept checkpoints) write fields: hashes as 64
 * lowercase hex digits, signatures and certificates as standard base64, times as milliseconds
 * since the epoch with an ISO-8601 copy for people. Parsing is strict: anything else is an
 * {@link IllegalArgumentException} naming the field, for the caller to place in its file.
 */
final class AuditFields {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{" + 2 * AuditHashes.HASH_BYTES + "}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

    private AuditFields() {
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    static byte[] hash(String field, String text) {
        if (text == null || !HASH.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " is not 64 lowercase hex digits");
        }
        return HexFormat.of().parseHex(text);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] base64(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64", e);
        }
    }

    static String instant(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    static String keyId(String text) {
        if (text == null || !KEY_ID.matcher(text).matches()) {
            throw new IllegalArgumentException("key_id is not 64 lowercase hex digits");
        }
        return text;
    }

    /** Writes the checkpoint's fields into {@code node}: seq, entry_hash, time_ms, time, signature, key_id. */
    static ObjectNode putCheckpoint(ObjectNode node, Checkpoint checkpoint) {
        return node.put("seq", checkpoint.seq())
                .put("entry_hash", hex(checkpoint.entryHash()))
                .put("time_ms", checkpoint.timeMs())
                .put("time", instant(checkpoint.timeMs()))
                .put("signature", base64(checkpoint.signature()))
                .put("key_id", checkpoint.keyId());
    }

    /** The checkpoint whose fields {@link #putCheckpoint} wrote. */
    static Checkpoint checkpoint(AuditRow row) {
        long timeMs = row.number("time_ms");
        checkTime(row.text("time"), timeMs);
        return new Checkpoint(row.number("seq"), hash("entry_hash", row.text("entry_hash")), timeMs,
                base64("signature", row.text("signature")), keyId(row.text("key_id")));
    }

    /** A sequence number or time in milliseconds: an integral JSON number. */
    static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer");
        }
        return value.asLong();
    }

    /** A text field; "" when absent, refused when not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return "";
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not text");
        }
        return value.asText();
    }

    /**
     * The {@code time} shown for people must say the same as {@code time_ms}: otherwise a reader of
     * the file would be shown a time that verification never looked at.
     */
    static void checkTime(String time, long timeMs) {
        if (!time.isEmpty() && !time.equals(instant(timeMs))) {
            throw new IllegalArgumentException("time " + time + " is not time_ms " + timeMs + " ("
                    + instant(timeMs) + ")");
        }
    }
}
