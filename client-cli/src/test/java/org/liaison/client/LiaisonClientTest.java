package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.MisbehavingServer;
import org.liaison.testing.MisbehavingServer.Script;
import org.liaison.testing.TestPki;

/**
 * The client library against a server that misbehaves in ways the real one never does: it
 * never answers, hangs up mid-request, sends oversized frames, refuses or ignores Hello, or is an
 * impostor with a certificate for another host or from another CA. How the client deals with the
 * real server is tested in the {@code it} module ({@code ClientLibraryTest}).
 */
class LiaisonClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestPki pki;

    @TempDir
    Path dir;

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

    private MisbehavingServer afterWelcome(Script script) throws IOException {
        return track(MisbehavingServer.afterWelcome(pki.serverContext(), script));
    }

    private MisbehavingServer impostor(SSLContext context) throws IOException {
        return track(MisbehavingServer.afterWelcome(context, MisbehavingServer.SILENT));
    }

    private MisbehavingServer fromHello(Script script) throws IOException {
        return track(MisbehavingServer.fromHello(pki.serverContext(), script));
    }

    private MisbehavingServer track(MisbehavingServer server) {
        closeables.add(server);
        return server;
    }

    private ClientProfile profileFor(MisbehavingServer server) throws IOException {
        pki.writeProfile(dir, server.address(), "pw");
        return ClientProfile.load(dir);
    }

    private LiaisonClient connect(MisbehavingServer server, ClientOptions options) throws Exception {
        LiaisonClient client = LiaisonClient.connect(profileFor(server), options)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closeables.add(0, client);
        return client;
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).failsWithin(WAIT);
        try {
            future.get();
            throw new AssertionError("future did not fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unansweredRequestFailsWithTimeoutAfterTheRequestTimeout() throws Exception {
        MisbehavingServer server = afterWelcome(MisbehavingServer.SILENT);
        LiaisonClient client = connect(server, ClientOptions.defaults().withRequestTimeout(Duration.ofMillis(200)));

        Throwable failure = failureOf(client.request(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(5))));

        assertThat(failure).isInstanceOf(TimeoutException.class)
                .hasMessage("no answer to request 2 (PING) within 200 ms");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void serverHangingUpMidRequestFailsWaitingRequestsAndCompletesCloseFuture() throws Exception {
        MisbehavingServer server = afterWelcome((frame, connection) -> connection.close());
        LiaisonClient client = connect(server, ClientOptions.defaults());

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ConnectionFailedException.class);
        assertThat(client.closeFuture()).succeedsWithin(WAIT);
        assertThat(client.isOpen()).isFalse();
        assertThat(failureOf(client.ping())).isInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void oversizedInboundFrameDropsTheConnection() throws Exception {
        MisbehavingServer server = afterWelcome((frame, connection) -> {
            byte[] huge = new byte[2 + 4096];
            huge[0] = (byte) 0x80;
            huge[1] = 0x20; // varint 4096
            connection.sendRaw(huge);
        });
        LiaisonClient client = connect(server, ClientOptions.defaults().withMaxFrameBytes(1024));

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("4096 bytes exceeds the limit of 1024");
        assertThat(client.closeFuture()).succeedsWithin(WAIT);
    }

    @Test
    void errorAnswerToHelloFailsConnectWithTheServersCode() throws Exception {
        // A server of another protocol version: the real one greets every version 1 Hello this client sends.
        MisbehavingServer server = fromHello((frame, connection) -> connection.send(ServerFrame.newBuilder()
                .setRequestId(frame.getRequestId())
                .setError(Error.newBuilder().setCode(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION)
                        .setMessage("speak v2").setFatal(true))
                .build()));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server)));

        assertThat(failure).isInstanceOf(ServerRefusedException.class).hasMessage("speak v2");
        assertThat(((ServerRefusedException) failure).code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void answerOtherThanWelcomeToHelloFailsConnectAsAProtocolViolation() throws Exception {
        MisbehavingServer server = fromHello((frame, connection) -> connection.send(ServerFrame.newBuilder()
                .setRequestId(frame.getRequestId())
                .setPong(Pong.getDefaultInstance())
                .build()));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server)));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessage("protocol violation: expected Welcome, got PONG (request 1)");
    }

    @Test
    void serverCertificateForAnotherHostIsRefused() throws Exception {
        MisbehavingServer server = impostor(pki.withServerNamed("not-localhost.example").serverContext());

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server)));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("TLS handshake failed");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void serverCertificateFromAnotherCaIsRefused() throws Exception {
        MisbehavingServer server = impostor(pki.withServerFromForeignCa().serverContext());

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server)));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("TLS handshake failed");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void serverThatNeverWelcomesFailsConnectAfterTheConnectTimeout() throws Exception {
        MisbehavingServer server = fromHello(MisbehavingServer.SILENT);

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server),
                ClientOptions.defaults().withConnectTimeout(Duration.ofMillis(500))));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessage("no Welcome from the server after 500 ms");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(server.received()).singleElement().matches(ClientFrame::hasHello));
    }

    @Test
    void closeIsIdempotentFailsWaitingRequestsAndSparesASharedGroup() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            // The silent server keeps the request waiting until the client closes.
            MisbehavingServer server = afterWelcome(MisbehavingServer.SILENT);
            LiaisonClient client = connect(server, ClientOptions.defaults().withGroup(group));
            CompletableFuture<Pong> waiting = client.ping();

            client.close();
            client.close();

            assertThat(failureOf(waiting)).isInstanceOf(ConnectionFailedException.class)
                    .hasMessageContaining("closed by the client");
            assertThat(client.isOpen()).isFalse();
            assertThat(client.closeFuture()).isDone();
            assertThat(group.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
