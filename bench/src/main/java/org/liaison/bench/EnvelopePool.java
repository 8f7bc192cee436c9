package org.liaison.bench;

import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.liaison.client.PlainTextBody;
import org.liaison.client.crypto.EnvelopeCrypto;
import org.liaison.client.crypto.Envelopes;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.SendMessage;

/**
 * Envelopes sealed and framed before the timed phase, so that the generator's own crypto is not
 * what is measured: each is a real message, encrypted for every member's device with the client
 * library ({@link EnvelopeCrypto}) and signed by the sender's device, then encoded as the
 * {@code SendMessage} frame that goes on the wire. Message ids are {@code b<channel>-<n>}: the
 * receiving side finds the send time from the id alone, without decrypting.
 */
final class EnvelopePool {
    /** Request ids of pre-encoded frames: far above those {@link BenchConnection#request} hands out. */
    static final long REQUEST_ID_BASE = 1L << 40;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EnvelopePool() {
    }

    /** Seals messages {@code first}..{@code first+count-1} of every group, in parallel over the groups. */
    static byte[][][] seal(List<MessagingSetup.Group> groups, int first, int count, int bodyBytes) {
        byte[][][] frames = new byte[groups.size()][][];
        IntStream.range(0, groups.size()).parallel().forEach(g -> frames[g] = seal(groups.get(g), first, count, bodyBytes));
        return frames;
    }

    private static byte[][] seal(MessagingSetup.Group group, int first, int count, int bodyBytes) {
        EnvelopeCrypto crypto = new EnvelopeCrypto();
        byte[][] frames = new byte[count][];
        for (int n = 0; n < count; n++) {
            int number = first + n;
            byte[] body = text(bodyBytes);
            EnvelopeHeader header = EnvelopeHeader.newBuilder()
                    .setMessageId(messageId(group.index(), number))
                    .setChannelId(group.channelId())
                    .setSender(group.sender().device().officerId())
                    .setSenderDevice(group.sender().device().deviceId())
                    .setSentMs(System.currentTimeMillis())
                    .setContentType(PlainTextBody.CONTENT_TYPE)
                    .setMembershipIndex(0)
                    .setMarkings(Markings.DEFAULT)
                    .build();
            var sealed = crypto.seal(header, body, group.recipients(), group.sender().device().keys());
            ClientFrame frame = ClientFrame.newBuilder()
                    .setRequestId(REQUEST_ID_BASE + number)
                    .setSendMessage(SendMessage.newBuilder().setEnvelope(Envelopes.toProto(header, sealed)))
                    .build();
            frames[n] = Frames.delimited(frame);
        }
        return frames;
    }

    static String messageId(int group, int number) {
        return "b" + group + "-" + number;
    }

    /** The group of a bench message id, or -1 if it is not one. */
    static int groupOf(String messageId) {
        int dash = messageId.indexOf('-');
        return messageId.startsWith("b") && dash > 1 ? Integer.parseInt(messageId, 1, dash, 10) : -1;
    }

    /** The message number of a bench message id. */
    static int numberOf(String messageId) {
        return Integer.parseInt(messageId, messageId.indexOf('-') + 1, messageId.length(), 10);
    }

    /** A plain-text body of {@code length} ASCII letters, as a chat message would be. */
    private static byte[] text(int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + RANDOM.nextInt(26));
        }
        return body;
    }
}
