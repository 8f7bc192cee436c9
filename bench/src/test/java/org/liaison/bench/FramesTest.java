package org.liaison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.ServerFrame;

class FramesTest {

    @Test
    void pushedMessageIdIsReadWithoutDecodingTheEnvelope() {
        ServerFrame push = ServerFrame.newBuilder().setEvent(ChannelEvent.newBuilder()
                .setChannelId("c-aaaaaaaaaaaa").setSeq(7).setActor("fr-pn.a.b")
                .setMessage(Envelope.newBuilder()
                        .setHeader(EnvelopeHeader.newBuilder().setMessageId("b12-345").setChannelId("c-aaaaaaaaaaaa"))
                        .setBody(ByteString.copyFrom(new byte[300]))
                        .addWraps(KeyWrap.newBuilder().setOfficerId("fr-pn.a.b").setDeviceId("d"))))
                .build();
        ByteBuf frame = Unpooled.wrappedBuffer(push.toByteArray());

        assertThat(Frames.kind(frame)).isEqualTo(new Frames.Kind(0, Frames.SERVER_EVENT));
        String id = Frames.pushedMessageId(frame);
        assertThat(id).isEqualTo("b12-345");
        assertThat(EnvelopePool.groupOf(id)).isEqualTo(12);
        assertThat(EnvelopePool.numberOf(id)).isEqualTo(345);
        frame.release();
    }

    @Test
    void otherEventsAndAnswersAreNoMessages() {
        ServerFrame added = ServerFrame.newBuilder().setEvent(ChannelEvent.newBuilder().setSeq(2)
                .setMemberAdded(MemberAdded.newBuilder().setOfficerId("fr-pn.a.b"))).build();
        ServerFrame accepted = ServerFrame.newBuilder().setRequestId((1L << 40) + 3)
                .setMessageAccepted(MessageAccepted.newBuilder().setSeq(9)).build();

        ByteBuf addedFrame = Unpooled.wrappedBuffer(added.toByteArray());
        ByteBuf acceptedFrame = Unpooled.wrappedBuffer(accepted.toByteArray());

        assertThat(Frames.pushedMessageId(addedFrame)).isNull();
        assertThat(Frames.kind(acceptedFrame))
                .isEqualTo(new Frames.Kind((1L << 40) + 3, Frames.SERVER_MESSAGE_ACCEPTED));
        assertThat(EnvelopePool.groupOf("jmh-1")).isEqualTo(-1);
        addedFrame.release();
        acceptedFrame.release();
    }
}
