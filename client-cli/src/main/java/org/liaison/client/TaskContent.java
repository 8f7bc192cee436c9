package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person writes with a task, before it is sealed: the creation's title and description
 * ({@value #CONTENT_TYPE}, a JSON object {@code {"title": …, "description": …}}), and the text of
 * notes, results and reasons ({@link PlainTextBody#CONTENT_TYPE}).
 *
 * @param title       the task's title (empty for a note)
 * @param description the creation's description, or a note's, result's or reason's text
 */
public record TaskContent(String title, String description) {

    /** The content type of a task's title and description. */
    public static final String CONTENT_TYPE = "application/vnd.liaison.task+json; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    public TaskContent {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
    }

    /** The creation's body: the title and description as JSON, UTF-8. */
    public byte[] encodeCreation() {
        ObjectNode node = JSON.createObjectNode().put("title", title).put("description", description);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write task content", e);
        }
    }

    /** Whether {@code contentType} is that of a creation's title and description. */
    public static boolean isCreation(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/vnd.liaison.task+json");
    }

    /**
     * Decodes decrypted task content: a creation's JSON, or text (as the description); empty when
     * it is neither (an unknown content type or malformed JSON).
     */
    public static Optional<TaskContent> decode(String contentType, byte[] plaintext) {
        if (PlainTextBody.isText(contentType)) {
            return Optional.of(new TaskContent("", new String(plaintext, java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (!isCreation(contentType)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(plaintext);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new TaskContent(node.path("title").asText(""), node.path("description").asText("")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
