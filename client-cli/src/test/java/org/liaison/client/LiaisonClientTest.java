package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.FakeLiaisonServer;
import org.liaison.testing.FakeLiaisonServer.Responder;
import org.liaison.testing.TestPki;

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

    private FakeLiaisonServer server(Responder responder) throws IOException {
        return server(pki.serverContext(), responder);
    }

    private FakeLiaisonServer server(SSLContext context, Responder responder) throws IOException {
        FakeLiaisonServer server = new FakeLiaisonServer(context, responder);
        closeables.add(server);
        return server;
    }

    private ClientProfile profileFor(String address) throws IOException {
        pki.writeProfile(dir, address, "pw");
        return ClientProfile.load(dir);
    }

    private LiaisonClient connect(FakeLiaisonServer server, ClientOptions options) throws Exception {
        LiaisonClient client = LiaisonClient.connect(profileFor(server.address()), options)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closeables.add(0, client);
        return client;
    }

    private LiaisonClient connect(FakeLiaisonServer server) throws Exception {
        return connect(server, ClientOptions.defaults());
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
    void connectSendsHelloAndCompletesWithTheServersWelcome() throws Exception {
        FakeLiaisonServer server = server(FakeLiaisonServer.standard(0));

        LiaisonClient client = connect(server);

        assertThat(client.isOpen()).isTrue();
        assertThat(client.welcome().getOfficerId()).isEqualTo(TestPki.OFFICER_ID);
        assertThat(client.welcome().getRolesList()).containsExactly(Role.ROLE_OFFICER, Role.ROLE_SUPERVISOR);
        ClientFrame hello = server.received().poll(10, TimeUnit.SECONDS);
        assertThat(hello).isNotNull();
        assertThat(hello.getRequestId()).isEqualTo(1);
        assertThat(hello.getHello().getProtocolVersion()).isEqualTo(ProtocolVersion.PROTOCOL_VERSION_1);
        assertThat(hello.getHello().getClientName()).isEqualTo("liaison-cli 0.1.0");
        assertThat(hello.getHello().getDeviceId()).isEqualTo(client.welcome().getDeviceId()).startsWith("cli-");
    }

    @Test
    void pingIsAnsweredWithTheSameNonceAndRequestIdsIncrease() throws Exception {
        FakeLiaisonServer server = server(FakeLiaisonServer.standard(0));
        LiaisonClient client = connect(server);

        Pong first = client.ping().get(10, TimeUnit.SECONDS);
        Pong second = client.ping().get(10, TimeUnit.SECONDS);

        assertThat(first.getServerTimeMs()).isEqualTo(1_700_000_000_001L);
        List<ClientFrame> frames = new ArrayList<>();
        server.received().drainTo(frames);
        assertThat(frames).extracting(ClientFrame::getRequestId).containsExactly(1L, 2L, 3L);
        assertThat(frames.get(1).getPing().getNonce()).isEqualTo(first.getNonce());
        assertThat(frames.get(2).getPing().getNonce()).isEqualTo(second.getNonce());
    }

    @Test
    void errorAnswerFailsTheRequestWithItsCode() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            } else {
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setError(Error.newBuilder().setCode(ErrorCode.PERMISSION_DENIED)
                                .setMessage("not a member").setRequestId(frame.getRequestId()))
                        .build());
            }
        });
        LiaisonClient client = connect(server);

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ServerRefusedException.class).hasMessage("not a member");
        assertThat(((ServerRefusedException) failure).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void unansweredRequestFailsWithTimeoutAfterTheRequestTimeout() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            }
        });
        LiaisonClient client = connect(server, ClientOptions.defaults().withRequestTimeout(Duration.ofMillis(200)));

        Throwable failure = failureOf(client.request(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(5))));

        assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("200 ms");
    }

    @Test
    void serverClosingFailsWaitingRequestsAndCompletesCloseFuture() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            } else {
                connection.close();
            }
        });
        LiaisonClient client = connect(server);

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ConnectionFailedException.class);
        assertThat(client.closeFuture()).succeedsWithin(WAIT);
        assertThat(client.isOpen()).isFalse();
        assertThat(failureOf(client.ping())).isInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void fatalErrorPushReachesListenersAndNamesTheReasonForTheClose() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            } else {
                connection.send(ServerFrame.newBuilder().setError(Error.newBuilder()
                        .setCode(ErrorCode.SERVER_SHUTTING_DOWN).setMessage("maintenance").setFatal(true)).build());
                connection.close();
            }
        });
        LiaisonClient client = connect(server);
        List<ServerFrame> pushes = new CopyOnWriteArrayList<>();
        client.addPushListener(pushes::add);

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("SERVER_SHUTTING_DOWN").hasMessageContaining("maintenance");
        assertThat(pushes).singleElement().satisfies(push -> {
            assertThat(push.getRequestId()).isZero();
            assertThat(push.getError().getFatal()).isTrue();
        });
    }

    @Test
    void pushesArrivingBeforeAnyListenerAreHandedToTheFirstListenerInOrder() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            FakeLiaisonServer.standard(0).onFrame(frame, connection);
            if (frame.hasHello()) {
                for (int i = 1; i <= 3; i++) {
                    connection.send(ServerFrame.newBuilder()
                            .setPong(Pong.newBuilder().setNonce(i)).build());
                }
            }
        });
        LiaisonClient client = connect(server);
        // Make sure the pushes are in before the listener exists: the answer to a later ping comes after them.
        client.ping().get(10, TimeUnit.SECONDS);
        List<Long> nonces = new CopyOnWriteArrayList<>();

        client.addPushListener(push -> nonces.add(push.getPong().getNonce()));

        await().atMost(WAIT).untilAsserted(() -> assertThat(nonces).containsExactly(1L, 2L, 3L));
    }

    @Test
    void oversizedInboundFrameDropsTheConnection() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            } else {
                byte[] huge = new byte[2 + 4096];
                huge[0] = (byte) 0x80;
                huge[1] = 0x20; // varint 4096
                connection.sendRaw(huge);
            }
        });
        LiaisonClient client = connect(server, ClientOptions.defaults().withMaxFrameBytes(1024));

        Throwable failure = failureOf(client.ping());

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("4096 bytes exceeds the limit of 1024");
        assertThat(client.closeFuture()).succeedsWithin(WAIT);
    }

    @Test
    void heartbeatPingIsSentWhenTheConnectionIsIdle() throws Exception {
        FakeLiaisonServer server = server(FakeLiaisonServer.standard(1));
        LiaisonClient client = connect(server);
        assertThat(server.received().poll(10, TimeUnit.SECONDS)).matches(ClientFrame::hasHello);

        ClientFrame heartbeat = server.received().poll(10, TimeUnit.SECONDS);

        assertThat(heartbeat).isNotNull();
        assertThat(heartbeat.hasPing()).isTrue();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void errorAnswerToHelloFailsConnectWithTheServersCode() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> connection.send(ServerFrame.newBuilder()
                .setRequestId(frame.getRequestId())
                .setError(Error.newBuilder().setCode(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION)
                        .setMessage("speak v2").setFatal(true))
                .build()));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server.address())));

        assertThat(failure).isInstanceOf(ServerRefusedException.class).hasMessage("speak v2");
        assertThat(((ServerRefusedException) failure).code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void serverRefusingTheClientCertificateFailsConnectWithTheAlert() throws Exception {
        FakeLiaisonServer server = server(pki.serverContextTrusting(TestPki.unrelatedCa()),
                FakeLiaisonServer.standard(0));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server.address())));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageContaining("server closed the connection")
                .hasMessageContaining("alert");
        assertThat(server.handshakeFailures().poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void serverCertificateForAnotherHostIsRefused() throws Exception {
        TestPki impostor = pki.withServerNamed("not-localhost.example");
        FakeLiaisonServer server = server(impostor.serverContext(), FakeLiaisonServer.standard(0));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server.address())));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("TLS handshake failed");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void serverCertificateFromAnotherCaIsRefused() throws Exception {
        TestPki impostor = pki.withServerFromForeignCa();
        FakeLiaisonServer server = server(impostor.serverContext(), FakeLiaisonServer.standard(0));

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server.address())));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("TLS handshake failed");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void nothingListeningFailsConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Throwable failure = failureOf(LiaisonClient.connect(profileFor("localhost:" + port)));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class).hasMessageContaining("refused");
    }

    @Test
    void serverThatNeverWelcomesFailsConnectAfterTheConnectTimeout() throws Exception {
        FakeLiaisonServer server = server((frame, connection) -> {
        });

        Throwable failure = failureOf(LiaisonClient.connect(profileFor(server.address()),
                ClientOptions.defaults().withConnectTimeout(Duration.ofMillis(500))));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class).hasMessageContaining("no Welcome");
    }

    @Test
    void closeIsIdempotentFailsWaitingRequestsAndSparesASharedGroup() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            FakeLiaisonServer server = server((frame, connection) -> {
                if (frame.hasHello()) {
                    FakeLiaisonServer.standard(0).onFrame(frame, connection);
                }
            });
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
