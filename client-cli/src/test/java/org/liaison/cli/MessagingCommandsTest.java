package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channel and message verbs before they connect: help, usage errors, reading the text to
 * send. What they print, send and acknowledge is tested against the real server in the
 * {@code it} module ({@code CliCommandsTest}, {@code CliMessagingTest}).
 */
class MessagingCommandsTest {

    private static final String ARABIC = "اجتماع عند البوابة ٤";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"channel", "channel create", "channel list", "channel members", "channel add",
        "channel remove", "channel promote", "channel archive", "dm", "send", "listen", "history", "read", "status"})
    void everyVerbHasHelp(String verb) {
        List<String> args = new ArrayList<>(List.of(verb.split(" ")));
        args.add("--help");

        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(out.toString()).contains("Usage: liaison " + verb);
    }

    @Test
    void channelWithoutAVerbIsAUsageError() {
        assertThat(run("channel")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing command", "create", "archive");
    }

    @Test
    void emptyTextIsAUsageErrorFoundBeforeAnythingIsLoadedOrSent() {
        // No profile there: had the verb loaded it (let alone connected), it would exit CONFIGURATION.
        Path noProfile = dir.resolve("no-profile");

        int code = run("--profile", noProfile.toString(), "send", "ops-gate-4", "");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("error: nothing to send: the text is empty");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void standardInputIsReadAsUtf8WithoutTrailingLineBreaks() throws Exception {
        byte[] bytes = (ARABIC + "\nsecond line\r\n\n").getBytes(StandardCharsets.UTF_8);

        assertThat(SendCommand.readStandardInput(new ByteArrayInputStream(bytes))).isEqualTo(ARABIC + "\nsecond line");
    }
}
