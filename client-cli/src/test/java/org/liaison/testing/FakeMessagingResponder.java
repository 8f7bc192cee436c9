package org.liaison.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelList;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.EventAccepted;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;

/**
 * A {@link FakeLiaisonServer.Responder} that answers the channel and message
 * requests from fixed state: a channel list, members per channel, a backlog
 * that Sync pushes before SyncComplete. Acks and sends are recorded and
 * answered; anything else is refused with UNKNOWN_REQUEST.
 */
public final class FakeMessagingResponder implements FakeLiaisonServer.Responder {

    private final List<ChannelInfo> channels = new CopyOnWriteArrayList<>();
    private final Map<String, List<Member>> members = new ConcurrentHashMap<>();
    private final List<ChannelEvent> backlog = new CopyOnWriteArrayList<>();
    private final List<ClientFrame> acks = new CopyOnWriteArrayList<>();
    private final List<ClientFrame> sent = new CopyOnWriteArrayList<>();

    public FakeMessagingResponder channel(ChannelInfo channel, String... memberIds) {
        channels.add(channel);
        List<Member> list = new ArrayList<>();
        for (String id : memberIds) {
            list.add(Member.newBuilder().setOfficerId(id).setAgency(id.substring(0, id.indexOf('.'))).build());
        }
        members.put(channel.getChannelId(), list);
        return this;
    }

    public FakeMessagingResponder backlog(ChannelEvent... events) {
        backlog.addAll(List.of(events));
        return this;
    }

    /** The Ack frames received, in order. */
    public List<ClientFrame> acks() {
        return acks;
    }

    /** The SendMessage frames received, in order. */
    public List<ClientFrame> sent() {
        return sent;
    }

    @Override
    public void onFrame(ClientFrame frame, FakeLiaisonServer.Connection connection) throws IOException {
        ServerFrame.Builder answer = ServerFrame.newBuilder().setRequestId(frame.getRequestId());
        switch (frame.getBodyCase()) {
            case HELLO, PING -> {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
                return;
            }
            case LIST_CHANNELS -> answer.setChannels(ChannelList.newBuilder().addAllChannels(channels.stream()
                    .filter(c -> frame.getListChannels().getIncludeArchived() || !c.getArchived()).toList()));
            case LIST_MEMBERS -> {
                String channelId = frame.getListMembers().getChannelId();
                if (members.containsKey(channelId)) {
                    answer.setMembers(MemberList.newBuilder().setChannelId(channelId)
                            .addAllMembers(members.get(channelId)));
                } else {
                    // As the real server: a malformed id is INVALID_ARGUMENT, anyone else's channel NOT_FOUND.
                    answer.setError(channelId.startsWith("c-")
                            ? refusal(frame, ErrorCode.NOT_FOUND,
                                    "no channel " + channelId + " that you are a member of")
                            : refusal(frame, ErrorCode.INVALID_ARGUMENT, "not a channel id: " + channelId));
                }
            }
            case SYNC -> {
                for (ChannelEvent event : backlog) {
                    connection.send(ServerFrame.newBuilder().setEvent(event).build());
                }
                answer.setSyncComplete(SyncComplete.newBuilder().setEvents(backlog.size()));
            }
            case ACK -> {
                acks.add(frame);
                answer.setAcked(Acked.newBuilder().setChannelId(frame.getAck().getChannelId())
                        .setDeliveredSeq(frame.getAck().getSeq())
                        .setReadSeq(frame.getAck().getRead() ? frame.getAck().getSeq() : 0));
            }
            case SEND_MESSAGE -> {
                sent.add(frame);
                answer.setMessageAccepted(MessageAccepted.newBuilder()
                        .setChannelId(frame.getSendMessage().getEnvelope().getHeader().getChannelId())
                        .setMessageId(frame.getSendMessage().getEnvelope().getHeader().getMessageId())
                        .setSeq(41 + sent.size())
                        .setServerTimeMs(1_700_000_000_002L));
            }
            case CHANGE_MEMBERSHIP -> answer.setEventAccepted(EventAccepted.newBuilder()
                    .setChannelId(frame.getChangeMembership().getChannelId()).setSeq(7));
            case ARCHIVE_CHANNEL -> answer.setEventAccepted(EventAccepted.newBuilder()
                    .setChannelId(frame.getArchiveChannel().getChannelId()).setSeq(8));
            default -> answer.setError(refusal(frame, ErrorCode.UNKNOWN_REQUEST,
                    "not scripted: " + frame.getBodyCase()));
        }
        connection.send(answer.build());
    }

    private static Error refusal(ClientFrame frame, ErrorCode code, String message) {
        return Error.newBuilder().setCode(code).setMessage(message).setRequestId(frame.getRequestId()).build();
    }
}
