package org.liaison.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.proto.v1.ArchiveChannel;
import org.liaison.proto.v1.ChangeMembership;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.CreateChannel;
import org.liaison.proto.v1.ListChannels;
import org.liaison.proto.v1.ListMembers;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.OpenDirect;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame.BodyCase;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementArchive;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.VerifiedMembership;

/**
 * The channel requests of one connection: create and list channels, open
 * direct channels, manage members, archive.
 *
 * <p>Every method sends one request (a few for {@link #resolve} and the
 * display names) and returns a future that completes with the server's typed
 * answer. A refusal fails the future with a {@link ServerRefusedException}
 * carrying the protocol's code ({@code PERMISSION_DENIED}, {@code NOT_FOUND},
 * {@code CONFLICT}, {@code CHANNEL_ARCHIVED}, {@code INVALID_ARGUMENT}…); an
 * answer of the wrong kind fails it with a {@link LiaisonClientException}.
 * Futures complete on the connection's event loop (see {@link LiaisonClient}).
 *
 * <p>Membership is signed (see {@link MembershipChain}): creating a channel and
 * every membership change send a statement signed by this device's keys, and
 * {@link #membership} verifies the channel's whole statement chain against our
 * own trusted agency CAs. Those methods need the device's credentials and a
 * bundle verifier; a {@code Channels} built without them only reads.
 */
public final class Channels {

    private final LiaisonClient client;
    private final DeviceCredentials device;
    private final BundleVerifier verifier;
    private final Clock clock;

    /** Channel requests over {@code client}'s connection that only read (list, members, resolve). */
    public Channels(LiaisonClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.device = null;
        this.verifier = null;
        this.clock = Clock.systemUTC();
    }

    /**
     * Channel requests over {@code client}'s connection, signing membership
     * statements with {@code device} and verifying chains with {@code verifier}.
     */
    public Channels(LiaisonClient client, DeviceCredentials device, BundleVerifier verifier, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.device = Objects.requireNonNull(device, "device");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The verifier of signers' bundles, or null for a {@code Channels} that only reads. */
    BundleVerifier bundleVerifier() {
        return verifier;
    }

    /**
     * Creates a group channel; the caller must hold the supervisor role and
     * becomes its first supervisor. The creation is a statement signed by this
     * device, naming a fresh channel id, the name, purpose and initial members.
     *
     * @param name    1-80 characters, any script
     * @param purpose at most 500 characters; may be empty
     * @param members officers to add as members (each must have connected once)
     */
    public CompletableFuture<ChannelInfo> create(String name, String purpose, List<String> members) {
        return create(name, purpose, members, org.liaison.proto.v1.Classification.CLASSIFICATION_UNCLASSIFIED,
                org.liaison.markings.Markings.DEFAULT);
    }

    /**
     * Creates a group channel as {@link #create(String, String, List)} does, whose messages may be
     * classified up to {@code ceiling} and are marked {@code defaultMarkings} when their sender
     * says nothing (docs/markings.md). Both are in the signed creation statement: every member's
     * client reads them from there, not from the server.
     *
     * @throws MarkingsRefusedException if the default markings are malformed or above the ceiling
     */
    public CompletableFuture<ChannelInfo> create(String name, String purpose, List<String> members,
                                                 org.liaison.proto.v1.Classification ceiling,
                                                 org.liaison.proto.v1.Markings defaultMarkings) {
        org.liaison.markings.Markings.problem(defaultMarkings).ifPresent(problem -> {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.MALFORMED,
                    "bad default markings: " + problem);
        });
        if (org.liaison.markings.Markings.rank(ceiling) == 0) {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.MALFORMED, "not a ceiling: " + ceiling);
        }
        if (org.liaison.markings.Markings.rank(defaultMarkings.getClassification())
                > org.liaison.markings.Markings.rank(ceiling)) {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.ABOVE_CEILING, "the default markings "
                    + org.liaison.markings.Markings.banner(defaultMarkings) + " are above the ceiling "
                    + org.liaison.markings.Markings.name(ceiling));
        }
        DeviceCredentials signer = signer();
        MembershipStatement statement = MembershipChain.createGroup(MembershipChain.newChannelId(),
                Objects.requireNonNull(name, "name"), purpose == null ? "" : purpose,
                members.stream().filter(member -> !member.equals(signer.officerId())).distinct().toList(),
                ceiling, defaultMarkings, signer, clock.instant());
        CreateChannel create = CreateChannel.newBuilder()
                .setStatement(MembershipChain.sign(statement, signer)).build();
        return Answers.call(client, ClientFrame.newBuilder().setCreateChannel(create), BodyCase.CHANNEL,
                answer -> answer.getChannel());
    }

    /** Opens the direct channel with {@code officerId}, or returns the existing one. */
    public CompletableFuture<ChannelInfo> openDirect(String officerId) {
        DeviceCredentials signer = signer();
        MembershipStatement statement = MembershipChain.createDirect(MembershipChain.newChannelId(),
                Objects.requireNonNull(officerId, "officerId"), signer, clock.instant());
        OpenDirect open = OpenDirect.newBuilder().setStatement(MembershipChain.sign(statement, signer)).build();
        return Answers.call(client, ClientFrame.newBuilder().setOpenDirect(open), BodyCase.CHANNEL,
                answer -> answer.getChannel());
    }

    /** The channels the caller is a member of, archived ones too when asked. */
    public CompletableFuture<List<ChannelInfo>> list(boolean includeArchived) {
        ListChannels list = ListChannels.newBuilder().setIncludeArchived(includeArchived).build();
        return Answers.call(client, ClientFrame.newBuilder().setListChannels(list), BodyCase.CHANNELS,
                answer -> List.copyOf(answer.getChannels().getChannelsList()));
    }

    /**
     * The current members of a channel the caller is a member of, as the
     * server lists them (unverified: see {@link #membership}).
     */
    public CompletableFuture<List<Member>> members(String channelId) {
        return memberList(channelId).thenApply(list -> List.copyOf(list.getMembersList()));
    }

    /**
     * The channel's membership as its signed statement chain proves it,
     * beside the server's list. Members the server lists without a signed
     * statement are in {@link ChannelMembership#discrepancies()}, never in
     * {@link ChannelMembership#verified()}.
     *
     * @return fails with a {@link org.liaison.client.crypto.MembershipRejectedException}
     *         if the chain does not verify
     */
    public CompletableFuture<ChannelMembership> membership(String channelId) {
        BundleVerifier chainVerifier = verifier();
        return memberList(channelId).thenApply(list -> ChannelMembership.of(list, chainVerifier, clock.instant()));
    }

    private CompletableFuture<MemberList> memberList(String channelId) {
        ListMembers list = ListMembers.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId")).build();
        return Answers.call(client, ClientFrame.newBuilder().setListMembers(list), BodyCase.MEMBERS,
                answer -> answer.getMembers());
    }

    /**
     * Adds an officer to a channel (channel supervisors only).
     *
     * @return completes with the sequence number of the membership event,
     *         once it is durably stored
     */
    public CompletableFuture<Long> add(String channelId, String officerId) {
        Objects.requireNonNull(officerId, "officerId");
        return changeMembership(channelId, statement -> statement.setAdd(officerId));
    }

    /**
     * Removes a member from a channel (channel supervisors only); from the
     * returned event on, the removed officer receives nothing of the channel.
     *
     * @return completes with the sequence number of the membership event
     */
    public CompletableFuture<Long> remove(String channelId, String officerId) {
        Objects.requireNonNull(officerId, "officerId");
        return changeMembership(channelId, statement -> statement.setRemove(officerId));
    }

    /**
     * Makes a member a supervisor of the channel (channel supervisors only).
     *
     * @return completes with the sequence number of the membership event
     */
    public CompletableFuture<Long> promote(String channelId, String officerId) {
        Objects.requireNonNull(officerId, "officerId");
        return changeMembership(channelId, statement -> statement.setPromote(officerId));
    }

    /**
     * Archives a channel (channel supervisors only): nothing more can be sent
     * to it or changed in it.
     *
     * @return completes with the sequence number of the archive event
     */
    public CompletableFuture<Long> archive(String channelId) {
        return signedChange(channelId, statement -> statement.setArchive(StatementArchive.getDefaultInstance()),
                signed -> ClientFrame.newBuilder().setArchiveChannel(ArchiveChannel.newBuilder()
                        .setChannelId(channelId).setStatement(signed)));
    }

    /**
     * Finds one of the caller's channels (archived ones included) by what a
     * person would type: its exact channel id; else its exact name, where a
     * direct channel is named by the other officer's id. When a name matches
     * several channels of which exactly one is not archived, that one wins.
     *
     * @return fails with an {@link UnknownChannelException} if nothing
     *         matches, or a {@link LiaisonClientException} naming the
     *         candidates if the name is ambiguous
     */
    public CompletableFuture<ChannelInfo> resolve(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        return list(true).thenCompose(channels -> {
            for (ChannelInfo channel : channels) {
                if (channel.getChannelId().equals(idOrName)) {
                    return CompletableFuture.completedFuture(channel);
                }
            }
            return displayNames(channels).thenApply(names -> match(idOrName, channels, names));
        });
    }

    /**
     * The name to show for a channel: a group channel's name (its id if it
     * has none); for a direct channel, the other officer's id (asked of the
     * server when the channel info does not carry it; the channel id if that
     * fails, since a label is not worth failing for).
     */
    public CompletableFuture<String> displayName(ChannelInfo channel) {
        String self = client.welcome().getOfficerId();
        String name = channel.getName();
        if (channel.getKind() != ChannelKind.CHANNEL_KIND_DIRECT) {
            return CompletableFuture.completedFuture(name.isEmpty() ? channel.getChannelId() : name);
        }
        if (!name.isEmpty() && !name.equals(self)) {
            return CompletableFuture.completedFuture(name);
        }
        return members(channel.getChannelId())
                .thenApply(members -> otherMember(members, self).orElse(channel.getChannelId()))
                .exceptionally(error -> channel.getChannelId());
    }

    /**
     * The display names ({@link #displayName}) of the caller's channels, by
     * channel id, in the server's order.
     */
    public CompletableFuture<Map<String, String>> displayNames(boolean includeArchived) {
        return list(includeArchived).thenCompose(this::displayNames);
    }

    private CompletableFuture<Map<String, String>> displayNames(List<ChannelInfo> channels) {
        List<CompletableFuture<String>> names = channels.stream().map(this::displayName).toList();
        return CompletableFuture.allOf(names.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> byId = new LinkedHashMap<>();
            for (int i = 0; i < channels.size(); i++) {
                byId.put(channels.get(i).getChannelId(), names.get(i).join());
            }
            return byId;
        });
    }

    /**
     * The resolution rules of {@link #resolve}, without the network: the
     * channel whose id is {@code idOrName}; else the one whose name or display
     * name (from {@code displayNames}, by channel id) is exactly
     * {@code idOrName}, preferring the only unarchived one among several.
     */
    static ChannelInfo match(String idOrName, List<ChannelInfo> channels, Map<String, String> displayNames) {
        for (ChannelInfo channel : channels) {
            if (channel.getChannelId().equals(idOrName)) {
                return channel;
            }
        }
        List<ChannelInfo> named = new ArrayList<>();
        for (ChannelInfo channel : channels) {
            if (channel.getName().equals(idOrName) || idOrName.equals(displayNames.get(channel.getChannelId()))) {
                named.add(channel);
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.isEmpty()) {
            throw new UnknownChannelException(idOrName);
        }
        List<ChannelInfo> active = named.stream().filter(channel -> !channel.getArchived()).toList();
        if (active.size() == 1) {
            return active.get(0);
        }
        throw new LiaisonClientException("ambiguous channel name " + idOrName + ": it names "
                + named.stream().map(ChannelInfo::getChannelId).collect(Collectors.joining(", "))
                + "; use a channel id");
    }

    private static Optional<String> otherMember(List<Member> members, String self) {
        return members.stream().map(Member::getOfficerId).filter(id -> !id.equals(self)).findFirst();
    }

    private CompletableFuture<Long> changeMembership(String channelId,
                                                     Function<MembershipStatement.Builder, MembershipStatement.Builder> change) {
        return signedChange(channelId, change, signed -> ClientFrame.newBuilder().setChangeMembership(
                ChangeMembership.newBuilder().setChannelId(channelId).setStatement(signed)));
    }

    /**
     * Verifies the channel's chain, signs {@code change} as its next
     * statement and sends it; when another supervisor's change got in first
     * (CONFLICT), does it once more on the new chain.
     */
    private CompletableFuture<Long> signedChange(String channelId,
                                                 Function<MembershipStatement.Builder, MembershipStatement.Builder> change,
                                                 Function<SignedStatement, ClientFrame.Builder> request) {
        Objects.requireNonNull(channelId, "channelId");
        DeviceCredentials signer = signer();
        return attemptChange(channelId, change, request, signer).handle((seq, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            // CONFLICT: another change got in first (or the change itself conflicts, which the retry reports again).
            if (cause instanceof ServerRefusedException refused && refused.code() == ErrorCode.CONFLICT) {
                return attemptChange(channelId, change, request, signer);
            }
            return error == null ? CompletableFuture.completedFuture(seq) : CompletableFuture.<Long>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<Long> attemptChange(String channelId,
                                                  Function<MembershipStatement.Builder, MembershipStatement.Builder> change,
                                                  Function<SignedStatement, ClientFrame.Builder> request,
                                                  DeviceCredentials signer) {
        return membership(channelId).thenCompose(membership -> {
            VerifiedMembership head = membership.verified();
            MembershipStatement statement = change.apply(MembershipChain.next(head, signer, clock.instant())).build();
            return Answers.call(client, request.apply(MembershipChain.sign(statement, signer)),
                    BodyCase.EVENT_ACCEPTED, answer -> answer.getEventAccepted().getSeq());
        });
    }

    private DeviceCredentials signer() {
        if (device == null) {
            throw new IllegalStateException("signing membership needs this device's keys: build Channels with "
                    + "the device's credentials");
        }
        return device;
    }

    private BundleVerifier verifier() {
        if (verifier == null) {
            throw new IllegalStateException("verifying membership needs the trusted agency CAs: build Channels "
                    + "with a bundle verifier");
        }
        return verifier;
    }
}
