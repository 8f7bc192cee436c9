package org.liaison.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import org.liaison.proto.v1.MembershipAction;
import org.liaison.proto.v1.OpenDirect;
import org.liaison.proto.v1.ServerFrame.BodyCase;

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
 */
public final class Channels {

    private final LiaisonClient client;

    /** Channel requests over {@code client}'s connection. */
    public Channels(LiaisonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Creates a group channel; the caller must hold the supervisor role and
     * becomes its first supervisor.
     *
     * @param name    1-80 characters, any script
     * @param purpose at most 500 characters; may be empty
     * @param members officers to add as members (each must have connected once)
     */
    public CompletableFuture<ChannelInfo> create(String name, String purpose, List<String> members) {
        CreateChannel.Builder create = CreateChannel.newBuilder()
                .setName(Objects.requireNonNull(name, "name"))
                .setPurpose(purpose == null ? "" : purpose)
                .addAllMembers(List.copyOf(members));
        return Answers.call(client, ClientFrame.newBuilder().setCreateChannel(create), BodyCase.CHANNEL,
                answer -> answer.getChannel());
    }

    /** Opens the direct channel with {@code officerId}, or returns the existing one. */
    public CompletableFuture<ChannelInfo> openDirect(String officerId) {
        OpenDirect open = OpenDirect.newBuilder().setOfficerId(Objects.requireNonNull(officerId, "officerId")).build();
        return Answers.call(client, ClientFrame.newBuilder().setOpenDirect(open), BodyCase.CHANNEL,
                answer -> answer.getChannel());
    }

    /** The channels the caller is a member of, archived ones too when asked. */
    public CompletableFuture<List<ChannelInfo>> list(boolean includeArchived) {
        ListChannels list = ListChannels.newBuilder().setIncludeArchived(includeArchived).build();
        return Answers.call(client, ClientFrame.newBuilder().setListChannels(list), BodyCase.CHANNELS,
                answer -> List.copyOf(answer.getChannels().getChannelsList()));
    }

    /** The current members of a channel the caller is a member of. */
    public CompletableFuture<List<Member>> members(String channelId) {
        ListMembers list = ListMembers.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId")).build();
        return Answers.call(client, ClientFrame.newBuilder().setListMembers(list), BodyCase.MEMBERS,
                answer -> List.copyOf(answer.getMembers().getMembersList()));
    }

    /**
     * Adds an officer to a channel (channel supervisors only).
     *
     * @return completes with the sequence number of the membership event,
     *         once it is durably stored
     */
    public CompletableFuture<Long> add(String channelId, String officerId) {
        return changeMembership(channelId, officerId, MembershipAction.MEMBERSHIP_ACTION_ADD);
    }

    /**
     * Removes a member from a channel (channel supervisors only); from the
     * returned event on, the removed officer receives nothing of the channel.
     *
     * @return completes with the sequence number of the membership event
     */
    public CompletableFuture<Long> remove(String channelId, String officerId) {
        return changeMembership(channelId, officerId, MembershipAction.MEMBERSHIP_ACTION_REMOVE);
    }

    /**
     * Makes a member a supervisor of the channel (channel supervisors only).
     *
     * @return completes with the sequence number of the membership event
     */
    public CompletableFuture<Long> promote(String channelId, String officerId) {
        return changeMembership(channelId, officerId, MembershipAction.MEMBERSHIP_ACTION_PROMOTE);
    }

    /**
     * Archives a channel (channel supervisors only): nothing more can be sent
     * to it or changed in it.
     *
     * @return completes with the sequence number of the archive event
     */
    public CompletableFuture<Long> archive(String channelId) {
        ArchiveChannel archive = ArchiveChannel.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId")).build();
        return Answers.call(client, ClientFrame.newBuilder().setArchiveChannel(archive), BodyCase.EVENT_ACCEPTED,
                answer -> answer.getEventAccepted().getSeq());
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

    private CompletableFuture<Long> changeMembership(String channelId, String officerId, MembershipAction action) {
        ChangeMembership change = ChangeMembership.newBuilder()
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setOfficerId(Objects.requireNonNull(officerId, "officerId"))
                .setAction(action)
                .build();
        return Answers.call(client, ClientFrame.newBuilder().setChangeMembership(change), BodyCase.EVENT_ACCEPTED,
                answer -> answer.getEventAccepted().getSeq());
    }
}
