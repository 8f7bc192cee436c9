package org.liaison.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;

/**
 * A blocking TLS connection that writes whatever bytes a test chooses: the adversarial tests use
 * it to send what the client library never would (oversized frames, garbage, frames out of
 * order). Reads are bounded by a socket timeout so no test can hang.
 */
public final class RawTlsConnection implements AutoCloseable {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawTlsConnection(SSLContext context, String host, int port) throws IOException {
    socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
    socket.setSoTimeout(20_000);
    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void write(ClientFrame frame) throws IOException {
    frame.writeDelimitedTo(out);
    out.flush();
  }

  public void hello(long requestId) throws IOException {
    write(ClientFrame.newBuilder().setRequestId(requestId)
        .setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
            .setDeviceId("raw-test").setClientName("raw test client"))
        .build());
  }

  /** The next frame, or empty when the server closed the connection. */
  public Optional<ServerFrame> read() throws IOException {
    return Optional.ofNullable(ServerFrame.parseDelimitedFrom(in));
  }

  /** True when the server has closed the connection (end of stream or reset). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
