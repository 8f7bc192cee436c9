package org.liaison.client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.liaison.proto.v1.Envelope;

/**
 * The one place that turns message text into envelope body bytes and back.
 *
 * <p>Today a text body is the UTF-8 bytes of the text, in the clear; end-to-end
 * encryption will replace this class's encoding without changing its callers.
 */
public final class PlainTextBody {

    /** The content type of a text message. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private PlainTextBody() {
    }

    /** The body bytes of a text message. */
    public static byte[] encode(String text) {
        return Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a body of this content type is text this class can decode:
     * {@code text/plain} with no charset or with charset UTF-8 (any case).
     */
    public static boolean isText(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].strip().equals("text/plain")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("charset=")
                    && !parameter.substring("charset=".length()).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of a message: its body decoded as UTF-8 when it is text
     * (malformed bytes show as U+FFFD), otherwise a placeholder
     * {@code [<content type>, N bytes]}.
     */
    public static String textOf(Envelope envelope) {
        String contentType = envelope.getHeader().getContentType();
        if (isText(contentType)) {
            return envelope.getBody().toStringUtf8();
        }
        String type = contentType.isBlank() ? "no content type" : contentType;
        return "[" + type + ", " + envelope.getBody().size() + " bytes]";
    }
}
