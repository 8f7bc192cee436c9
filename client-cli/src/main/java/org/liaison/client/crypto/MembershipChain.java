package org.liaison.client.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.liaison.client.crypto.MembershipRejectedException.Reason;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementCreate;

/**
 * Signed membership: how a channel's member set is stated by its supervisors' devices and
 * verified by every client, so that the server, which orders and relays the statements, cannot
 * add anyone (the 2022 Matrix "invite injection" attack).
 *
 * <p>A channel's statements form a hash chain. Statement {@code i} is a {@link MembershipStatement}
 * with {@code index = i} and {@code previous_hash} = the link hash of statement {@code i-1}; its
 * acting device signs {@code "liaison-membership-statement-v1" 0x00 || statement} with Ed25519
 * and attaches its own key bundle. The link hash of a signed statement is
 * {@code SHA-256("liaison-membership-link-v1" 0x00 || u32(len s) || s || u32(len sig) || sig)}.
 *
 * <p>{@link #verify} replays the chain under these rules, and any break refuses the whole chain:
 * index 0 is the creation (a group channel's creator must hold the supervisor role in their agency
 * certificate and becomes its first supervisor; a direct channel names exactly one other
 * officer); later statements add, remove, promote or archive, each signed by a device of an
 * officer who is a supervisor of the channel at that point; a direct channel never changes; an
 * archived channel never changes again. Each signer's bundle is verified against our own trusted
 * agency CAs as it stood when the statement was signed, so rotating a key later does not break
 * the history.
 */
public final class MembershipChain {

    /** Domain separation label of statement signatures (followed by one zero byte). */
    public static final String SIGNATURE_LABEL = "liaison-membership-statement-v1";
    /** Domain separation label of link hashes (followed by one zero byte). */
    public static final String LINK_LABEL = "liaison-membership-link-v1";
    /** How far in the future a statement may be dated (clock skew between devices). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** The role, in an agency certificate, that may create group channels. */
    public static final String SUPERVISOR_ROLE = "supervisor";

    private static final byte[] SIGNATURE_PREFIX = SignedChainBytes.prefix(SIGNATURE_LABEL);
    private static final byte[] LINK_PREFIX = SignedChainBytes.prefix(LINK_LABEL);
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private MembershipChain() {
    }

    /** A fresh, unguessable channel id for a creation statement: {@code c-} and 12 characters of [a-z2-7]. */
    public static String newChannelId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return "c-" + new String(id);
    }

    /**
     * The statement creating a group channel, with {@code device} as its first supervisor; its
     * ceiling and default markings are left unset (UNCLASSIFIED, and UNCLASSIFIED // REL ALL).
     */
    public static MembershipStatement createGroup(String channelId, String name, String purpose,
                                                  List<String> members, DeviceCredentials device, Instant now) {
        return start(channelId, 0, ByteString.EMPTY, device, now)
                .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_GROUP)
                        .setName(name).setPurpose(purpose).addAllMembers(members))
                .build();
    }

    /**
     * The statement creating a group channel whose messages may be classified up to
     * {@code ceiling} and are marked {@code defaultMarkings} when their sender says nothing
     * (docs/markings.md); signed, so that no server can raise the one or change the other.
     */
    public static MembershipStatement createGroup(String channelId, String name, String purpose,
                                                  List<String> members, Classification ceiling,
                                                  org.liaison.proto.v1.Markings defaultMarkings,
                                                  DeviceCredentials device, Instant now) {
        return start(channelId, 0, ByteString.EMPTY, device, now)
                .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_GROUP)
                        .setName(name).setPurpose(purpose).addAllMembers(members)
                        .setCeiling(ceiling).setDefaultMarkings(defaultMarkings))
                .build();
    }

    /** The statement creating the direct channel between {@code device}'s officer and {@code other}. */
    public static MembershipStatement createDirect(String channelId, String other, DeviceCredentials device,
                                                   Instant now) {
        return start(channelId, 0, ByteString.EMPTY, device, now)
                .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT).addMembers(other))
                .build();
    }

    /**
     * A statement following {@code head} (index + 1, its link hash), by {@code device}, now; the
     * caller sets the change ({@code add}, {@code remove}, {@code promote}, {@code archive}).
     */
    public static MembershipStatement.Builder next(VerifiedMembership head, DeviceCredentials device, Instant now) {
        return start(head.channelId(), head.headIndex() + 1, ByteString.copyFrom(head.headHash()), device, now);
    }

    private static MembershipStatement.Builder start(String channelId, long index, ByteString previous,
                                                     DeviceCredentials device, Instant now) {
        return MembershipStatement.newBuilder()
                .setChannelId(channelId)
                .setIndex(index)
                .setPreviousHash(previous)
                .setActor(device.officerId())
                .setActorDevice(device.deviceId())
                .setTimeMs(now.toEpochMilli());
    }

    /** Signs {@code statement} with {@code device}'s Ed25519 key and attaches its bundle. */
    public static SignedStatement sign(MembershipStatement statement, DeviceCredentials device) {
        byte[] bytes = statement.toByteArray();
        return SignedStatement.newBuilder()
                .setStatement(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(device.keys().sign(signedContent(bytes))))
                .setSigner(device.bundle())
                .build();
    }

    /** The link hash of a signed statement: what the next statement names as {@code previous_hash}. */
    public static byte[] linkHash(SignedStatement signed) {
        return SignedChainBytes.linkHash(LINK_PREFIX, signed.getStatement().toByteArray(),
                signed.getSignature().toByteArray());
    }

    /** What a statement's signature covers: {@value #SIGNATURE_LABEL} 0x00 and the statement bytes. */
    static byte[] signedContent(byte[] statement) {
        return SignedChainBytes.signedContent(SIGNATURE_PREFIX, statement);
    }

    /** Parses the statement of {@code signed}, or refuses it as MALFORMED. */
    public static MembershipStatement parse(SignedStatement signed) {
        try {
            return MembershipStatement.parseFrom(signed.getStatement());
        } catch (InvalidProtocolBufferException e) {
            throw new MembershipRejectedException(Reason.MALFORMED, "a statement is not a MembershipStatement", e);
        }
    }

    /**
     * Replays {@code chain} (index 0 first) for channel {@code channelId} and returns the member
     * set it proves.
     *
     * @param verifier verifies each signer's key bundle against our own trusted agency CAs
     * @param now      the current time: statements dated beyond {@link #MAX_CLOCK_SKEW} after it are refused
     * @throws MembershipRejectedException at the first statement that breaks a rule
     */
    public static VerifiedMembership verify(String channelId, List<SignedStatement> chain, BundleVerifier verifier,
                                            Instant now) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(verifier, "verifier");
        if (chain.isEmpty()) {
            throw new MembershipRejectedException(Reason.UNSIGNED, "channel " + channelId
                    + " has no signed creation statement");
        }
        Replay replay = new Replay(channelId);
        for (SignedStatement signed : chain) {
            replay.apply(signed, verifier, now);
        }
        return replay.result();
    }

    /** The chain state while replaying it. */
    private static final class Replay {
        private final String channelId;
        private final Map<String, Boolean> members = new LinkedHashMap<>();
        private final List<Map<String, Boolean>> history = new ArrayList<>();
        private final List<byte[]> hashes = new ArrayList<>();
        private ChannelKind kind = ChannelKind.CHANNEL_KIND_UNSPECIFIED;
        private String name = "";
        private String purpose = "";
        private boolean archived;
        private String creator = "";
        private final List<Long> times = new ArrayList<>();
        private Classification ceiling = Classification.CLASSIFICATION_UNCLASSIFIED;
        private org.liaison.proto.v1.Markings defaultMarkings = Markings.DEFAULT;

        Replay(String channelId) {
            this.channelId = channelId;
        }

        void apply(SignedStatement signed, BundleVerifier verifier, Instant now) {
            int index = hashes.size();
            MembershipStatement statement = parse(signed);
            String where = "statement " + index + " of channel " + channelId;
            if (!statement.getChannelId().equals(channelId)) {
                throw new MembershipRejectedException(Reason.WRONG_CHANNEL, where + " belongs to channel '"
                        + statement.getChannelId() + "'");
            }
            if (statement.getIndex() != index) {
                throw new MembershipRejectedException(Reason.BROKEN_CHAIN, where + " claims index "
                        + statement.getIndex());
            }
            byte[] expectedPrevious = index == 0 ? new byte[0] : hashes.get(index - 1);
            if (!Arrays.equals(expectedPrevious, statement.getPreviousHash().toByteArray())) {
                throw new MembershipRejectedException(Reason.BROKEN_CHAIN, where
                        + " does not follow the statement before it (previous hash differs)");
            }
            VerifiedBundle signer = signer(signed, statement, where, verifier, now);
            if (!DeviceKeys.verify(signer.signingKey(), signedContent(signed.getStatement().toByteArray()),
                    signed.getSignature().toByteArray())) {
                throw new MembershipRejectedException(Reason.BAD_SIGNATURE, where
                        + " does not verify with the key of " + signer.recipient());
            }
            change(statement, signer, where);
            hashes.add(linkHash(signed));
            history.add(Map.copyOf(members));
            times.add(statement.getTimeMs());
        }

        private VerifiedBundle signer(SignedStatement signed, MembershipStatement statement, String where,
                                      BundleVerifier verifier, Instant now) {
            Instant signedAt = Instant.ofEpochMilli(statement.getTimeMs());
            if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
                throw new MembershipRejectedException(Reason.MALFORMED, where + " is dated in the future ("
                        + signedAt + ")");
            }
            VerifiedBundle signer;
            try {
                signer = verifier.verify(signed.getSigner(), signedAt);
            } catch (BundleRejectedException e) {
                throw new MembershipRejectedException(Reason.SIGNER_REJECTED, where + ": " + e.getMessage(), e);
            }
            if (!signer.officerId().equals(statement.getActor())
                    || !signer.deviceId().equals(statement.getActorDevice())) {
                throw new MembershipRejectedException(Reason.SIGNER_REJECTED, where + " names actor "
                        + statement.getActor() + "/" + statement.getActorDevice() + " but carries the keys of "
                        + signer.recipient());
            }
            return signer;
        }

        private void change(MembershipStatement statement, VerifiedBundle signer, String where) {
            String actor = statement.getActor();
            if (hashes.isEmpty()) {
                if (!statement.hasCreate()) {
                    throw new MembershipRejectedException(Reason.MALFORMED, where + " must create the channel");
                }
                create(statement.getCreate(), actor, signer, where);
                return;
            }
            if (archived) {
                throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " changes an archived channel");
            }
            if (kind == ChannelKind.CHANNEL_KIND_DIRECT) {
                throw new MembershipRejectedException(Reason.INVALID_CHANGE, where
                        + " changes a direct channel, whose membership never changes");
            }
            if (!Boolean.TRUE.equals(members.get(actor))) {
                throw new MembershipRejectedException(Reason.NOT_AUTHORISED, where + " is signed by " + actor
                        + ", who is not a supervisor of the channel");
            }
            switch (statement.getChangeCase()) {
                case ADD -> {
                    String target = officer(statement.getAdd(), where);
                    if (members.containsKey(target)) {
                        throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " adds " + target
                                + ", who is already a member");
                    }
                    members.put(target, false);
                }
                case REMOVE -> {
                    String target = officer(statement.getRemove(), where);
                    if (members.remove(target) == null) {
                        throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " removes " + target
                                + ", who is not a member");
                    }
                }
                case PROMOTE -> {
                    String target = officer(statement.getPromote(), where);
                    if (!Boolean.FALSE.equals(members.get(target))) {
                        throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " promotes " + target
                                + ", who is not a member or already a supervisor");
                    }
                    members.put(target, true);
                }
                case ARCHIVE -> archived = true;
                default -> throw new MembershipRejectedException(Reason.MALFORMED, where
                        + " must add, remove, promote or archive");
            }
        }

        private void create(StatementCreate create, String actor, VerifiedBundle signer, String where) {
            creator = actor;
            kind = create.getKind();
            name = create.getName();
            purpose = create.getPurpose();
            markings(create, where);
            Set<String> initial = new LinkedHashSet<>();
            for (String member : create.getMembersList()) {
                if (member.equals(actor) || !initial.add(officer(member, where))) {
                    throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " lists " + member
                            + " twice");
                }
            }
            switch (kind) {
                case CHANNEL_KIND_GROUP -> {
                    if (!signer.roles().contains(SUPERVISOR_ROLE)) {
                        throw new MembershipRejectedException(Reason.NOT_AUTHORISED, where + " creates a group "
                                + "channel, but the agency certificate of " + actor + " has no supervisor role");
                    }
                    members.put(actor, true);
                }
                case CHANNEL_KIND_DIRECT -> {
                    if (initial.size() != 1) {
                        throw new MembershipRejectedException(Reason.INVALID_CHANGE, where
                                + " creates a direct channel with " + initial.size() + " other officers instead of one");
                    }
                    members.put(actor, false);
                }
                default -> throw new MembershipRejectedException(Reason.MALFORMED, where
                        + " creates a channel of unknown kind");
            }
            initial.forEach(member -> members.put(member, false));
        }

        /** The channel's ceiling and default markings: well-formed, the default within the ceiling. */
        private void markings(StatementCreate create, String where) {
            if (create.getCeiling() != Classification.CLASSIFICATION_UNSPECIFIED) {
                if (Markings.rank(create.getCeiling()) == 0) {
                    throw new MembershipRejectedException(Reason.MALFORMED, where + " names an unknown ceiling");
                }
                ceiling = create.getCeiling();
            }
            if (create.hasDefaultMarkings()) {
                Markings.problem(create.getDefaultMarkings()).ifPresent(problem -> {
                    throw new MembershipRejectedException(Reason.MALFORMED, where + " has default markings that are"
                            + " not well-formed: " + problem);
                });
                defaultMarkings = create.getDefaultMarkings();
            }
            if (Markings.rank(defaultMarkings.getClassification()) > Markings.rank(ceiling)) {
                throw new MembershipRejectedException(Reason.INVALID_CHANGE, where + " marks messages "
                        + Markings.banner(defaultMarkings) + " by default, above the channel's ceiling "
                        + Markings.name(ceiling));
            }
        }

        private static String officer(String id, String where) {
            if (id.isEmpty()) {
                throw new MembershipRejectedException(Reason.MALFORMED, where + " names an empty officer id");
            }
            return id;
        }

        VerifiedMembership result() {
            return new VerifiedMembership(channelId, kind, name, purpose, archived, history, hashes, creator, times,
                    ceiling, defaultMarkings);
        }
    }
}
