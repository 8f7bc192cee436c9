package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.client.PlainTextBody;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.FakeLiaisonServer;
import org.liaison.testing.FakeMessagingResponder;
import org.liaison.testing.TestPki;

/** The channel and message verbs against a scripted server: what they print, send and acknowledge. */
class MessagingCommandsTest {

    private static final String SELF = TestPki.OFFICER_ID;
    private static final String CLAIRE = "fr-pn.claire.martin";
    private static final String ARABIC = "اجتماع عند البوابة ٤";

    private static TestPki pki;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void createPki() {
        pki = TestPki.create();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private int run(String... args) {
        return LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private String profile(FakeLiaisonServer.Responder responder) throws IOException {
        return profile(server(responder));
    }

    private String profile(FakeLiaisonServer server) throws IOException {
        return pki.writeProfile(dir.resolve("profile"), server.address(), "pw").toString();
    }

    private FakeLiaisonServer server(FakeLiaisonServer.Responder responder) throws IOException {
        FakeLiaisonServer server = new FakeLiaisonServer(pki.serverContext(), responder);
        closeables.add(server);
        return server;
    }

    private static ChannelInfo ops() {
        return ChannelInfo.newBuilder().setChannelId("c-7k2m9x4q").setKind(ChannelKind.CHANNEL_KIND_GROUP)
                .setName("ops-gate-4").setMemberCount(3).setLastSeq(13)
                .setMyRole(MemberRole.MEMBER_ROLE_MEMBER).build();
    }

    private static ChannelInfo dm() {
        return ChannelInfo.newBuilder().setChannelId("c-dm").setKind(ChannelKind.CHANNEL_KIND_DIRECT)
                .setMemberCount(2).setMyRole(MemberRole.MEMBER_ROLE_MEMBER).build();
    }

    private static ChannelEvent.Builder event(String channelId, long seq) {
        return ChannelEvent.newBuilder().setChannelId(channelId).setSeq(seq).setActor(CLAIRE)
                .setTimeMs(Instant.parse("2024-07-26T14:02:11Z").toEpochMilli());
    }

    private static ChannelEvent message(String channelId, long seq, String text) {
        return event(channelId, seq).setMessage(Envelope.newBuilder()
                .setHeader(EnvelopeHeader.newBuilder().setSender(CLAIRE).setContentType(PlainTextBody.CONTENT_TYPE))
                .setBody(ByteString.copyFromUtf8(text))).build();
    }

    private FakeMessagingResponder backlogOfThree() {
        return new FakeMessagingResponder()
                .channel(ops(), SELF, CLAIRE)
                .channel(dm(), SELF, "es-cnp.javier.ruiz")
                .backlog(event("c-7k2m9x4q", 11).setMemberAdded(MemberAdded.newBuilder().setOfficerId(SELF)).build(),
                        message("c-7k2m9x4q", 12, ARABIC),
                        message("c-dm", 3, "hola"));
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
    void listenOncePrintsTheBacklogThenAcknowledgesTheLastEventOfEachChannel() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "listen", "--once");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(out.toString().lines().toList().get(0)).matches(
                "\\[ops-gate-4 #11 \\d\\d:\\d\\d:11] fr-pn.claire.martin added ma-dgsn.karim.benali");
        assertThat(out.toString().lines().toList().get(1)).matches(
                "\\[ops-gate-4 #12 \\d\\d:\\d\\d:11] fr-pn.claire.martin: " + ARABIC);
        assertThat(out.toString().lines().toList().get(2)).startsWith("[es-cnp.javier.ruiz #3 ").endsWith("hola");
        // One ack per channel and batch of printed events (an ack covers what precedes it), never read=true.
        assertThat(responder.acks()).extracting(ClientFrame::getAck)
                .allSatisfy(ack -> assertThat(ack.getRead()).isFalse())
                .extracting(ack -> ack.getChannelId() + "#" + ack.getSeq())
                .contains("c-7k2m9x4q#12", "c-dm#3")
                .isSubsetOf("c-7k2m9x4q#11", "c-7k2m9x4q#12", "c-dm#3");
    }

    @Test
    void listenNoAckAcknowledgesNothing() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        assertThat(run("--profile", profile(responder), "listen", "--once", "--no-ack")).as(err.toString()).isZero();

        assertThat(out.toString().lines()).hasSize(3);
        assertThat(responder.acks()).isEmpty();
    }

    @Test
    void listenJsonPrintsOneObjectPerLine() throws Exception {
        int code = run("--profile", profile(backlogOfThree()), "--json", "listen", "--once");

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).extracting(node -> node.get("type").asText())
                .containsExactly("member_added", "message", "message");
        assertThat(lines.get(1).get("text").asText()).isEqualTo(ARABIC);
        assertThat(lines.get(2).get("channel").asText()).isEqualTo("es-cnp.javier.ruiz");
    }

    @Test
    void listenStopsWithCannotConnectWhenTheServerGoesAway() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile((frame, connection) -> {
            responder.onFrame(frame, connection);
            if (frame.hasSync()) {
                connection.send(ServerFrame.newBuilder().setError(Error.newBuilder()
                        .setCode(ErrorCode.SERVER_SHUTTING_DOWN).setMessage("maintenance").setFatal(true)).build());
                connection.close();
            }
        }), "listen");

        assertThat(code).isEqualTo(ExitCodes.CANNOT_CONNECT);
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(err.toString().strip())
                .isEqualTo("error: server closed the connection: SERVER_SHUTTING_DOWN: maintenance");
    }

    @Test
    void listenExitsZeroOnCtrlC() throws Exception {
        FakeLiaisonServer server = server(backlogOfThree());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LiaisonCommand.class.getName(),
                "--profile", profile(server), "listen")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // Sync arrives after the handler for Ctrl-C is installed.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.received().stream().anyMatch(ClientFrame::hasSync));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.received().stream().anyMatch(ClientFrame::hasAck));

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("fr-pn.claire.martin: " + ARABIC);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aRefusalExitsOneWithTheServersCode() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();
        String profile = profile(responder);

        // The scripted server answers History (and anything else unscripted) UNKNOWN_REQUEST.
        int code = run("--profile", profile, "history", "ops-gate-4");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).startsWith("error: UNKNOWN_REQUEST: ");
    }

    @Test
    void sendResolvesTheChannelByNameAndPrintsTheSequenceNumber() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "send", "ops-gate-4", "Réunion", "à", "14 h");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("sent #42 to ops-gate-4");
        Envelope sent = responder.sent().get(0).getSendMessage().getEnvelope();
        assertThat(sent.getHeader().getChannelId()).isEqualTo("c-7k2m9x4q");
        assertThat(PlainTextBody.textOf(sent)).isEqualTo("Réunion à 14 h");
    }

    @Test
    void sendToAnOfficerUsesTheDirectChannel() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "--json", "send", "es-cnp.javier.ruiz", "hola");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("channelId").asText()).isEqualTo("c-dm");
        assertThat(json.get("channel").asText()).isEqualTo("es-cnp.javier.ruiz");
        assertThat(json.get("seq").asLong()).isEqualTo(42);
    }

    @Test
    void aChannelIdThatIsNotOneOfMineGetsTheServersRefusal() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "send", "c-not-mine", "hello");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().strip())
                .isEqualTo("error: NOT_FOUND: no channel c-not-mine that you are a member of");
        assertThat(responder.sent()).isEmpty();
    }

    @Test
    void aNameThatIsNoChannelIsReportedAsSuch() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "send", "ops-gate-5", "hello");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().strip()).isEqualTo("error: no channel named ops-gate-5");
        assertThat(responder.sent()).isEmpty();
    }

    @Test
    void emptyTextIsAUsageErrorAndNothingIsSent() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "send", "ops-gate-4", "");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("error: nothing to send: the text is empty");
        assertThat(responder.sent()).isEmpty();
    }

    @Test
    void standardInputIsReadAsUtf8WithoutTrailingLineBreaks() throws Exception {
        byte[] bytes = (ARABIC + "\nsecond line\r\n\n").getBytes(StandardCharsets.UTF_8);

        assertThat(SendCommand.readStandardInput(new ByteArrayInputStream(bytes))).isEqualTo(ARABIC + "\nsecond line");
    }

    @Test
    void channelListShowsDirectChannelsByTheOtherOfficer() throws Exception {
        int code = run("--profile", profile(backlogOfThree()), "channel", "list");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("c-7k2m9x4q", "ops-gate-4", "3 members", "last #13")
                .contains("c-dm", "direct", "es-cnp.javier.ruiz");
    }

    @Test
    void channelAddPrintsTheEventSeq() throws Exception {
        int code = run("--profile", profile(backlogOfThree()), "channel", "add", "ops-gate-4", "fr-pn.hugo.lefevre");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("added fr-pn.hugo.lefevre to ops-gate-4 (#7)");
    }

    @Test
    void readAcknowledgesWithTheReadFlag() throws Exception {
        FakeMessagingResponder responder = backlogOfThree();

        int code = run("--profile", profile(responder), "read", "ops-gate-4", "12");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("ops-gate-4: read up to #12, delivered up to #12");
        assertThat(responder.acks()).singleElement().satisfies(frame -> assertThat(frame.getAck().getRead()).isTrue());
    }
}
