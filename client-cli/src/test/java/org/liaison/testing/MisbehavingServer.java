package org.liaison.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Welcome;

/**
 * A server that misbehaves on purpose, for the client's adversarial tests. It stands in for a
 * broken, malicious or foreign server: one that never answers, hangs up in the middle of a
 * request, answers with the wrong kind of body, sends frames larger than the client accepts,
 * refuses or ignores Hello, names things the real server leaves unnamed, or presents a
 * certificate for another host or from another CA.
 *
 * <p>It is <em>not</em> a stand-in for the real Liaison server: whatever the real server does is
 * tested against the real server, in the {@code it} module, through its shared
 * {@code LiaisonServerExtension}. Do not script real server behaviour here.
 *
 * <p>Blocking JDK TLS 1.3 sockets with client authentication; the client's varint32-delimited
 * frames are handed to a {@link Script}, one connection per thread.
 */
public final class MisbehavingServer implements AutoCloseable {

    /** What the server does with each frame it receives. */
    @FunctionalInterface
    public interface Script {
        void onFrame(ClientFrame frame, Connection connection) throws IOException;
    }

    /** A script that never answers anything. */
    public static final Script SILENT = (frame, connection) -> {
    };

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

        /** Writes bytes as they are, frame or not. */
        public synchronized void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    private final SSLServerSocket serverSocket;
    private final Script script;
    private final boolean greets;
    private final BlockingQueue<ClientFrame> received = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private MisbehavingServer(SSLContext context, boolean greets, Script script) throws IOException {
        this.script = script;
        this.greets = greets;
        this.serverSocket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("localhost"));
        serverSocket.setNeedClientAuth(true);
        serverSocket.setEnabledProtocols(new String[] {"TLSv1.3"});
        Thread acceptor = new Thread(this::acceptLoop, "misbehaving-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A server that answers Hello with a {@link #welcome Welcome} (so the client connects) and
     * plays {@code script} for every frame after it.
     */
    public static MisbehavingServer afterWelcome(SSLContext context, Script script) throws IOException {
        return new MisbehavingServer(context, true, script);
    }

    /** A server that plays {@code script} from the first frame on, Hello included. */
    public static MisbehavingServer fromHello(SSLContext context, Script script) throws IOException {
        return new MisbehavingServer(context, false, script);
    }

    /** The Welcome of the test officer, without heartbeats (they would disturb a script). */
    public static Welcome welcome(String deviceId) {
        return Welcome.newBuilder()
                .setOfficerId(TestPki.OFFICER_ID)
                .setAgency("ma-dgsn")
                .setNation("MA")
                .addRoles(Role.ROLE_OFFICER)
                .addRoles(Role.ROLE_SUPERVISOR)
                .setDeviceId(deviceId)
                .setServerTimeMs(1_700_000_000_000L)
                .setHeartbeatIntervalSeconds(0)
                .setMaxFrameBytes(1024 * 1024)
                .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
                .setServerVersion("misbehaving")
                .build();
    }

    /** {@code localhost:port}. */
    public String address() {
        return "localhost:" + serverSocket.getLocalPort();
    }

    /** Every frame received from clients, Hello included, in order. */
    public BlockingQueue<ClientFrame> received() {
        return received;
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
                Thread worker = new Thread(() -> serve(socket), "misbehaving-server-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            Connection connection = new Connection(socket);
            InputStream in = socket.getInputStream();
            ClientFrame frame;
            while ((frame = ClientFrame.parseDelimitedFrom(in)) != null) {
                received.add(frame);
                if (greets && frame.hasHello()) {
                    connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                            .setWelcome(welcome(frame.getHello().getDeviceId())).build());
                } else {
                    script.onFrame(frame, connection);
                }
            }
        } catch (IOException e) {
            // A failed handshake (the client refusing our certificate), or closed by the test or
            // the client: what the client made of it is what the tests check.
        }
    }
}
