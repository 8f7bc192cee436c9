package org.liaison.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Where a command writes its result: text for people, or one JSON document
 * per result for scripts ({@code --json}).
 */
public final class CommandOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    CommandOutput(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Whether the user asked for JSON. */
    public boolean json() {
        return json;
    }

    /** Writes one line of text. */
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** Writes {@code value} as one line of JSON. */
    public void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        out.flush();
    }
}
