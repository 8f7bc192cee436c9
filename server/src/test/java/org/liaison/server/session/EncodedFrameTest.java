package org.liaison.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ServerFrame;

/** A frame encoded once is what the frame and protobuf encoders would have written. */
class EncodedFrameTest {
  @Test
  void theBytesAreTheVarintLengthThenTheFrameAndAreEncodedOnce() throws Exception {
    ServerFrame frame = ServerFrame.newBuilder().setEvent(ChannelEvent.newBuilder()
        .setChannelId("c-1").setSeq(7).setMessage(Envelope.newBuilder()
            .setBody(ByteString.copyFrom(new byte[6000])))).build();
    EncodedFrame encoded = new EncodedFrame(frame);

    byte[] bytes = encoded.bytes();

    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int length = in.readUInt32();
    assertThat(length).isEqualTo(frame.getSerializedSize());
    assertThat(ServerFrame.parseFrom(in.readRawBytes(length))).isEqualTo(frame);
    assertThat(in.isAtEnd()).isTrue();
    assertThat(encoded.bytes()).isSameAs(bytes);
  }
}
