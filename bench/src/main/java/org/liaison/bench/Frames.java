package org.liaison.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.server.session.EncodedFrame;

/**
 * The wire framing (varint32 length + one protobuf message) on the generator's side: frames are
 * encoded once, before the timed phase, and pushed events are recognised on the timed path by
 * walking a few tags instead of decoding the whole {@code ServerFrame} (the envelope's key wraps
 * make up most of its bytes).
 */
final class Frames {
    /** {@code ServerFrame.event}. */
    static final int SERVER_EVENT = 40;
    /** {@code ServerFrame.message_accepted}. */
    static final int SERVER_MESSAGE_ACCEPTED = 24;
    /** {@code ServerFrame.error}. */
    static final int SERVER_ERROR = 12;
    private static final int CHANNEL_EVENT_MESSAGE = 15;
    private static final int ENVELOPE_HEADER = 1;
    private static final int HEADER_MESSAGE_ID = 1;

    private Frames() {
    }

    /** {@code frame} with its varint32 length prefix, as it goes on the wire. */
    static byte[] delimited(ClientFrame frame) {
        return EncodedFrame.delimited(frame);
    }

    /**
     * What a server frame is, read from its first tags only.
     *
     * @param requestId 0 for a push
     * @param body the {@code ServerFrame} body field number
     */
    record Kind(long requestId, int body) {
    }

    static Kind kind(ByteBuf frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame.nioBuffer());
            long requestId = 0;
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                requestId = in.readUInt64();
                tag = in.readTag();
            }
            return new Kind(requestId, WireFormat.getTagFieldNumber(tag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The message id of a pushed message event ({@code ServerFrame.event.message.header.message_id}),
     * or null when the frame is another event; reads nothing past the id.
     */
    static String pushedMessageId(ByteBuf frame) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame.nioBuffer());
            if (!enter(in, SERVER_EVENT) || !enter(in, CHANNEL_EVENT_MESSAGE)
                    || !enter(in, ENVELOPE_HEADER)) {
                return null;
            }
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return null;
                }
                if (WireFormat.getTagFieldNumber(tag) == HEADER_MESSAGE_ID) {
                    return in.readStringRequireUtf8();
                }
                in.skipField(tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips to field {@code number} (length-delimited) and limits the input to it. */
    private static boolean enter(CodedInputStream in, int number) throws IOException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return false;
            }
            if (WireFormat.getTagFieldNumber(tag) == number
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                in.pushLimit(length);
                return true;
            }
            in.skipField(tag);
        }
    }
}
