package org.liaison.server.session;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.liaison.proto.v1.ServerFrame;

/**
 * A pushed frame encoded once, as it goes on the wire (varint length, then the frame), for every
 * connection it is pushed to: an event for a channel of fifty members is otherwise serialized
 * fifty times, which was most of the I/O threads' time in the fan-out benchmark
 * (docs/performance.md). Encoded on first use, by whichever event loop gets there first; the
 * bytes are never changed after, so connections share them.
 */
public final class EncodedFrame {
  private final ServerFrame frame;
  private volatile byte[] bytes;

  public EncodedFrame(ServerFrame frame) {
    this.frame = frame;
  }

  public ServerFrame frame() {
    return frame;
  }

  /** The length-prefixed encoding; do not modify. */
  public byte[] bytes() {
    byte[] encoded = bytes;
    if (encoded == null) {
      encoded = delimited(frame);
      bytes = encoded;
    }
    return encoded;
  }

  /** {@code message} with its varint32 length prefix, as frames go on the wire both ways. */
  public static byte[] delimited(MessageLite message) {
    int size = message.getSerializedSize();
    byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      stream.writeUInt32NoTag(size);
      message.writeTo(stream);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a frame into an array of its size", e);
    }
    stream.checkNoSpaceLeft();
    return out;
  }
}
