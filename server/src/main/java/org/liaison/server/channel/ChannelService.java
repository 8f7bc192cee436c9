package org.liaison.server.channel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.liaison.proto.v1.ChannelCreated;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.MembershipAction;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.identity.Role;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;

/**
 * Channels and who is in them. Creation, membership changes and archiving are events in the
 * channel's ordered stream, stored through the single writer and published to the audience once
 * durable. Only officers with the supervisor role create group channels; only a channel's
 * supervisors change its membership.
 */
public final class ChannelService {
  public static final int MAX_NAME = 80;
  public static final int MAX_PURPOSE = 500;
  public static final int MAX_INITIAL_MEMBERS = 500;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventLog log;
  private final MembershipRules rules;
  private final JdbcOfficerRepository officers;
  private final EventListener listener;
  private final Clock clock;

  public ChannelService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      ChannelRepository channels, EventLog log, JdbcOfficerRepository officers,
      EventListener listener, Clock clock) {
    this.clock = clock;
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.channels = channels;
    this.log = log;
    this.rules = new MembershipRules(channels);
    this.officers = officers;
    this.listener = listener;
  }

  /** Creates a group channel with the actor as its first supervisor. */
  public CompletableFuture<ChannelInfo> create(Officer actor, String name, String purpose,
      List<String> memberIds) {
    if (!actor.hasRole(Role.SUPERVISOR)) {
      return failed(ErrorCode.PERMISSION_DENIED,
          "only officers with the supervisor role create channels");
    }
    String cleanName = name.strip();
    if (cleanName.isEmpty() || cleanName.length() > MAX_NAME || purpose.length() > MAX_PURPOSE
        || memberIds.size() > MAX_INITIAL_MEMBERS) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a channel name is 1-" + MAX_NAME
          + " characters, its purpose at most " + MAX_PURPOSE + ", with at most "
          + MAX_INITIAL_MEMBERS + " initial members");
    }
    Set<OfficerId> members = new LinkedHashSet<>();
    for (String id : memberIds) {
      OfficerId officer = officerId(id);
      if (!officer.equals(actor.id())) {
        members.add(officer);
      }
    }
    return writer.submit(c -> {
      for (OfficerId member : members) {
        requireKnownOfficer(c, member);
      }
      ChannelRecord channel = new ChannelRecord(ChannelId.random(),
          ChannelKind.CHANNEL_KIND_GROUP, cleanName, purpose, actor.id().value(),
          clock.instant(), false, 0);
      channels.insert(c, channel, null);
      return open(c, channel, actor.id(), MemberRole.MEMBER_ROLE_SUPERVISOR, members);
    }, this::publishAll).thenApply(created -> created.info());
  }

  /** Returns the direct channel between the actor and another officer, creating it once. */
  public CompletableFuture<ChannelInfo> openDirect(Officer actor, String otherId) {
    OfficerId other = officerId(otherId);
    if (other.equals(actor.id())) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a direct channel needs another officer");
    }
    String key = directKey(actor.id(), other);
    return writer.submit(c -> {
      var existing = channels.findDirect(c, key);
      if (existing.isPresent()) {
        return new Opened(info(c, existing.get(), actor.id()), List.of());
      }
      requireKnownOfficer(c, other);
      ChannelRecord channel = new ChannelRecord(ChannelId.random(),
          ChannelKind.CHANNEL_KIND_DIRECT, "", "", actor.id().value(), clock.instant(),
          false, 0);
      channels.insert(c, channel, key);
      return open(c, channel, actor.id(), MemberRole.MEMBER_ROLE_MEMBER, Set.of(other));
    }, this::publishAll).thenApply(Opened::info);
  }

  public CompletableFuture<List<ChannelInfo>> list(Officer actor, boolean includeArchived) {
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        List<ChannelInfo> result = new ArrayList<>();
        for (ChannelRecord channel : channels.channelsOf(c, actor.id(), includeArchived)) {
          result.add(info(c, channel, actor.id()));
        }
        return result;
      }
    });
  }

  public CompletableFuture<List<Member>> members(Officer actor, String channelId) {
    ChannelId id = channelId(channelId);
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        rules.requireCurrentMember(c, id, actor.id());
        List<Member> result = new ArrayList<>();
        for (Membership m : channels.currentMembers(c, id)) {
          var record = officers.find(c, m.officer());
          result.add(Member.newBuilder()
              .setOfficerId(m.officer().value())
              .setAgency(record.map(r -> r.agency()).orElse(""))
              .setNation(record.map(r -> r.nation()).orElse(""))
              .setRole(m.role())
              .setSinceSeq(m.sinceSeq())
              .build());
        }
        return result;
      }
    });
  }

  /** Adds, removes or promotes a member; answers the stored event's sequence number. */
  public CompletableFuture<ChannelEvent> changeMembership(Officer actor, String channelId,
      String officerId, MembershipAction action) {
    ChannelId id = channelId(channelId);
    OfficerId target = officerId(officerId);
    return writer.submit(c -> {
      ChannelRecord channel = rules.requireSupervisedOpenChannel(c, id, actor.id());
      ChannelEvent.Builder event = switch (action) {
        case MEMBERSHIP_ACTION_ADD -> {
          requireKnownOfficer(c, target);
          yield rules.add(c, channel, target);
        }
        case MEMBERSHIP_ACTION_REMOVE -> rules.remove(c, channel, target);
        case MEMBERSHIP_ACTION_PROMOTE -> rules.promote(c, channel, target);
        default -> throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
            "membership action must be ADD, REMOVE or PROMOTE");
      };
      ChannelEvent stored = log.append(c, id, channel.lastSeq(), actor.id().value(), event, null);
      rules.apply(c, stored);
      return new Stored(stored, audience(c, stored));
    }, this::publish).thenApply(Stored::event);
  }

  public CompletableFuture<ChannelEvent> archive(Officer actor, String channelId) {
    ChannelId id = channelId(channelId);
    return writer.submit(c -> {
      ChannelRecord channel = rules.requireSupervisedOpenChannel(c, id, actor.id());
      ChannelEvent stored = log.append(c, id, channel.lastSeq(), actor.id().value(),
          ChannelEvent.newBuilder().setArchived(
              org.liaison.proto.v1.ChannelArchived.getDefaultInstance()), null);
      channels.archive(c, id);
      return new Stored(stored, audience(c, stored));
    }, this::publish).thenApply(Stored::event);
  }

  private record Stored(ChannelEvent event, Set<OfficerId> audience) {}

  private record Opened(ChannelInfo info, List<Stored> events) {}

  private Opened open(Connection c, ChannelRecord channel, OfficerId creator,
      MemberRole creatorRole, Set<OfficerId> members) throws SQLException {
    List<Stored> stored = new ArrayList<>();
    long seq = 0;
    ChannelEvent created = log.append(c, channel.id(), seq++, creator.value(),
        ChannelEvent.newBuilder().setCreated(ChannelCreated.newBuilder()
            .setKind(channel.kind()).setName(channel.name()).setPurpose(channel.purpose())),
        null);
    // The creator sees the creation event itself: their membership starts at it.
    channels.addMember(c, new Membership(channel.id(), creator, creatorRole, created.getSeq(), 0));
    List<ChannelEvent> events = new ArrayList<>(List.of(created));
    events.add(log.append(c, channel.id(), seq++, creator.value(), addedEvent(creator,
        creatorRole), null));
    for (OfficerId member : members) {
      ChannelEvent added = log.append(c, channel.id(), seq++, creator.value(),
          addedEvent(member, MemberRole.MEMBER_ROLE_MEMBER), null);
      channels.addMember(c, new Membership(channel.id(), member, MemberRole.MEMBER_ROLE_MEMBER,
          added.getSeq(), 0));
      events.add(added);
    }
    for (ChannelEvent event : events) {
      stored.add(new Stored(event, audience(c, event)));
    }
    ChannelRecord now = channels.find(c, channel.id()).orElseThrow();
    return new Opened(info(c, now, creator), stored);
  }

  private static ChannelEvent.Builder addedEvent(OfficerId officer, MemberRole role) {
    return ChannelEvent.newBuilder().setMemberAdded(
        MemberAdded.newBuilder().setOfficerId(officer.value()).setRole(role));
  }

  private Set<OfficerId> audience(Connection c, ChannelEvent event) throws SQLException {
    return channels.membersAt(c, new ChannelId(event.getChannelId()), event.getSeq()).stream()
        .map(Membership::officer).collect(Collectors.toSet());
  }

  private ChannelInfo info(Connection c, ChannelRecord channel, OfficerId viewer)
      throws SQLException {
    List<Membership> members = channels.currentMembers(c, channel.id());
    MemberRole myRole = members.stream().filter(m -> m.officer().equals(viewer))
        .map(Membership::role).findFirst().orElse(MemberRole.MEMBER_ROLE_UNSPECIFIED);
    return ChannelInfo.newBuilder()
        .setChannelId(channel.id().value())
        .setKind(channel.kind())
        .setName(channel.name())
        .setPurpose(channel.purpose())
        .setCreatedBy(channel.createdBy())
        .setCreatedMs(channel.createdAt().toEpochMilli())
        .setArchived(channel.archived())
        .setLastSeq(channel.lastSeq())
        .setMemberCount(members.size())
        .setMyRole(myRole)
        .build();
  }

  private void publish(Stored stored) {
    listener.published(stored.event(), stored.audience());
  }

  private void publishAll(Opened opened) {
    opened.events().forEach(this::publish);
  }

  private void requireKnownOfficer(Connection c, OfficerId officer) throws SQLException {
    if (officers.find(c, officer).isEmpty()) {
      throw new LiaisonException(ErrorCode.NOT_FOUND, "officer " + officer
          + " is unknown to this server (they must have logged in once)");
    }
  }

  static String directKey(OfficerId a, OfficerId b) {
    return a.value().compareTo(b.value()) < 0 ? a.value() + "|" + b.value()
        : b.value() + "|" + a.value();
  }

  static ChannelId channelId(String value) {
    if (!ChannelId.isValid(value)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not a channel id: " + value);
    }
    return new ChannelId(value);
  }

  static OfficerId officerId(String value) {
    if (!OfficerId.isValid(value)) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not an officer id: " + value);
    }
    return new OfficerId(value);
  }

  private static <T> CompletableFuture<T> failed(ErrorCode code, String message) {
    return CompletableFuture.failedFuture(new LiaisonException(code, message));
  }

}
