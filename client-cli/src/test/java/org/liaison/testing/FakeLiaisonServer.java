package org.liaison.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Welcome;

/**
 * A scripted stand-in for the Liaison server, on blocking JDK TLS sockets:
 * TLS 1.3 with client authentication, then varint32-delimited frames handed
 * to a {@link Responder}. Enough to test the client's side of the protocol;
 * the real server is tested in the integration module.
 */
public final class FakeLiaisonServer implements AutoCloseable {

    /** What the server does with each frame it receives. */
    @FunctionalInterface
    public interface Responder {
        void onFrame(ClientFrame frame, Connection connection) throws IOException;
    }

    /** One accepted client connection. */
    public static final class Connection {
        private final SSLSocket socket;
        private final OutputStream out;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public synchronized void send(ServerFrame frame) throws IOException {
            frame.writeDelimitedTo(out);
            out.flush();
        }

        public synchronized void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    private final SSLServerSocket serverSocket;
    private final Responder responder;
    private final BlockingQueue<ClientFrame> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> handshakeFailures = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public FakeLiaisonServer(SSLContext context, Responder responder) throws IOException {
        this.responder = responder;
        this.serverSocket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("localhost"));
        serverSocket.setNeedClientAuth(true);
        serverSocket.setEnabledProtocols(new String[] {"TLSv1.3"});
        acceptor = new Thread(this::acceptLoop, "fake-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A responder that answers Hello with {@link #welcome} and Ping with Pong. */
    public static Responder standard(int heartbeatSeconds) {
        return (frame, connection) -> {
            switch (frame.getBodyCase()) {
                case HELLO -> connection.send(ServerFrame.newBuilder()
                        .setRequestId(frame.getRequestId())
                        .setWelcome(welcome(frame.getHello().getDeviceId(), heartbeatSeconds))
                        .build());
                case PING -> connection.send(pong(frame));
                default -> {
                }
            }
        };
    }

    /** The Welcome of the test officer. */
    public static Welcome welcome(String deviceId, int heartbeatSeconds) {
        return Welcome.newBuilder()
                .setOfficerId(TestPki.OFFICER_ID)
                .setAgency("ma-dgsn")
                .setNation("MA")
                .addRoles(Role.ROLE_OFFICER)
                .addRoles(Role.ROLE_SUPERVISOR)
                .setDeviceId(deviceId)
                .setServerTimeMs(1_700_000_000_000L)
                .setHeartbeatIntervalSeconds(heartbeatSeconds)
                .setMaxFrameBytes(1024 * 1024)
                .setServerVersion("fake")
                .build();
    }

    /** The Pong answering a Ping frame. */
    public static ServerFrame pong(ClientFrame ping) {
        return ServerFrame.newBuilder()
                .setRequestId(ping.getRequestId())
                .setPong(Pong.newBuilder().setNonce(ping.getPing().getNonce()).setServerTimeMs(1_700_000_000_001L))
                .build();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public String address() {
        return "localhost:" + port();
    }

    /** Frames received from clients, in order. */
    public BlockingQueue<ClientFrame> received() {
        return received;
    }

    /** TLS handshakes that failed on the server's side (e.g. an untrusted client certificate). */
    public BlockingQueue<Throwable> handshakeFailures() {
        return handshakeFailures;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) serverSocket.accept();
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "fake-server-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            try {
                socket.startHandshake();
                // The client's certificate is checked during the handshake; force the check to finish here.
                socket.getSession().getPeerCertificates();
            } catch (IOException e) {
                handshakeFailures.add(e);
                return;
            }
            Connection connection = new Connection(socket);
            InputStream in = socket.getInputStream();
            ClientFrame frame;
            while ((frame = ClientFrame.parseDelimitedFrom(in)) != null) {
                received.add(frame);
                responder.onFrame(frame, connection);
            }
        } catch (SocketException e) {
            // Closed by the test or by the client: nothing to report.
        } catch (IOException e) {
            handshakeFailures.add(e);
        }
    }
}
