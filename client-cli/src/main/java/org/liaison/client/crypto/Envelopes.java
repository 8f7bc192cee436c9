package org.liaison.client.crypto;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.KeyWrap;

/** Maps a header and its {@link SealedMessage} to the protocol's {@link Envelope} and back. */
public final class Envelopes {

    private Envelopes() {
    }

    /** The envelope that carries {@code sealed} under {@code header}; the wraps keep their order. */
    public static Envelope toProto(EnvelopeHeader header, SealedMessage sealed) {
        Envelope.Builder envelope = Envelope.newBuilder()
                .setHeader(header)
                .setBody(ByteString.copyFrom(sealed.body()))
                .setNonce(ByteString.copyFrom(sealed.nonce()))
                .setBodyDigest(ByteString.copyFrom(sealed.bodyDigest()))
                .setSignature(ByteString.copyFrom(sealed.signature()));
        for (RecipientWrap wrap : sealed.wraps()) {
            envelope.addWraps(KeyWrap.newBuilder()
                    .setOfficerId(wrap.officerId())
                    .setDeviceId(wrap.deviceId())
                    .setEnc(ByteString.copyFrom(wrap.enc()))
                    .setWrappedKey(ByteString.copyFrom(wrap.wrappedKey())));
        }
        return envelope.build();
    }

    /**
     * The sealed part of {@code envelope}.
     *
     * @throws EnvelopeRejectedException (MALFORMED) if a wrap lacks its officer or device id
     */
    public static SealedMessage fromProto(Envelope envelope) {
        List<RecipientWrap> wraps = new ArrayList<>(envelope.getWrapsCount());
        try {
            for (KeyWrap wrap : envelope.getWrapsList()) {
                wraps.add(new RecipientWrap(wrap.getOfficerId(), wrap.getDeviceId(), wrap.getEnc().toByteArray(),
                        wrap.getWrappedKey().toByteArray()));
            }
        } catch (IllegalArgumentException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "a key wrap of message '"
                    + envelope.getHeader().getMessageId() + "' is incomplete: " + e.getMessage(), e);
        }
        return new SealedMessage(envelope.getNonce().toByteArray(), envelope.getBody().toByteArray(),
                envelope.getBodyDigest().toByteArray(), wraps, envelope.getSignature().toByteArray());
    }
}
