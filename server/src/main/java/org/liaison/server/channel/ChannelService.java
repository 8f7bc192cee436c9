package org.liaison.server.channel;

import static org.liaison.server.channel.ChannelArguments.channelId;
import static org.liaison.server.channel.ChannelArguments.directKey;
import static org.liaison.server.channel.ChannelArguments.initialMembers;
import static org.liaison.server.channel.ChannelArguments.officerId;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.liaison.proto.v1.Auditor;
import org.liaison.proto.v1.ChannelArchived;
import org.liaison.proto.v1.ChannelCreated;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementCreate;
import org.liaison.server.channel.StatementCheck.Purpose;
import org.liaison.server.channel.StatementCheck.Read;
import org.liaison.server.channel.StatementCheck.Verified;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.identity.Role;
import org.liaison.server.markings.MarkingsCheck;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels and who is in them. Creation, membership changes and archiving are events in the
 * channel's ordered stream, each made by a membership statement the acting device signed (see
 * {@link StatementCheck}); the statement is stored in the channel's chain in the same transaction
 * as its event, through the single writer, and published to the audience once durable. Only
 * officers with the supervisor role create group channels; only a channel's supervisors change
 * its membership.
 */
public final class ChannelService {
  private static final Logger logger = LoggerFactory.getLogger(ChannelService.class);
  public static final int MAX_NAME = 80;
  public static final int MAX_PURPOSE = 500;
  public static final int MAX_INITIAL_MEMBERS = 500;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventLog log;
  private final MembershipChainRepository chain;
  private final StatementCheck statements;
  private final MembershipRules rules;
  private final JdbcOfficerRepository officers;
  private final EventListener listener;
  private final Clock clock;

  public ChannelService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      ChannelRepository channels, EventLog log, MembershipChainRepository chain,
      StatementCheck statements, JdbcOfficerRepository officers, EventListener listener,
      Clock clock) {
    this.clock = clock;
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.channels = channels;
    this.log = log;
    this.chain = chain;
    this.statements = statements;
    this.rules = new MembershipRules(channels);
    this.officers = officers;
    this.listener = listener;
  }

  /**
   * Creates the group channel a {@code create} statement of kind GROUP describes, with the actor
   * as its first supervisor and the statement as its chain's first link.
   */
  public CompletableFuture<ChannelInfo> create(Session session, SignedStatement signed) {
    Officer actor = session.officer();
    if (!actor.hasRole(Role.SUPERVISOR)) {
      return failed(ErrorCode.PERMISSION_DENIED,
          "only officers with the supervisor role create channels");
    }
    Read read = statements.read(session, signed, Purpose.CREATE_CHANNEL, null);
    StatementCheck.requireFirst(read);
    StatementCreate create = read.statement().getCreate();
    if (create.getKind() != ChannelKind.CHANNEL_KIND_GROUP) {
      return failed(ErrorCode.INVALID_ARGUMENT, "CreateChannel creates a channel of kind GROUP;"
          + " a direct channel is opened with OpenDirect");
    }
    String name = create.getName();
    if (name.isBlank() || name.length() > MAX_NAME || create.getPurpose().length() > MAX_PURPOSE
        || create.getMembersCount() > MAX_INITIAL_MEMBERS) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a channel name is 1-" + MAX_NAME
          + " characters, its purpose at most " + MAX_PURPOSE + ", with at most "
          + MAX_INITIAL_MEMBERS + " initial members");
    }
    Set<OfficerId> members = initialMembers(create.getMembersList(), actor.id());
    ChannelId id = new ChannelId(read.statement().getChannelId());
    Classification ceiling = MarkingsCheck.ceiling(create);
    Markings defaults = MarkingsCheck.defaults(create, ceiling);
    return writer.submit(c -> {
      Verified verified = statements.verify(c, read);
      requireUnused(c, id);
      for (OfficerId member : members) {
        requireKnownOfficer(c, member);
      }
      ChannelRecord channel = new ChannelRecord(id, ChannelKind.CHANNEL_KIND_GROUP, name,
          create.getPurpose(), actor.id().value(), clock.instant(), false, 0, 0, ceiling,
          defaults);
      channels.insert(c, channel, null);
      return open(c, channel, actor.id(), MemberRole.MEMBER_ROLE_SUPERVISOR, members, verified);
    }, this::publishAll).thenApply(Opened::info);
  }

  /**
   * Returns the direct channel between the actor and the one other officer a {@code create}
   * statement of kind DIRECT names, creating it from the statement the first time; when it
   * exists already the statement is discarded.
   */
  public CompletableFuture<ChannelInfo> openDirect(Session session, SignedStatement signed) {
    Officer actor = session.officer();
    Read read = statements.read(session, signed, Purpose.OPEN_DIRECT, null);
    StatementCheck.requireFirst(read);
    StatementCreate create = read.statement().getCreate();
    if (create.getKind() != ChannelKind.CHANNEL_KIND_DIRECT) {
      return failed(ErrorCode.INVALID_ARGUMENT, "OpenDirect opens a channel of kind DIRECT");
    }
    if (create.getMembersCount() != 1) {
      return failed(ErrorCode.INVALID_ARGUMENT,
          "a direct channel's statement names exactly one other officer");
    }
    if (!create.getName().isEmpty() || !create.getPurpose().isEmpty()) {
      return failed(ErrorCode.INVALID_ARGUMENT,
          "a direct channel has no name and no purpose: leave them empty");
    }
    OfficerId other = officerId(create.getMembers(0));
    if (other.equals(actor.id())) {
      return failed(ErrorCode.INVALID_ARGUMENT, "a direct channel needs another officer");
    }
    ChannelId id = new ChannelId(read.statement().getChannelId());
    String key = directKey(actor.id(), other);
    Classification ceiling = MarkingsCheck.ceiling(create);
    Markings defaults = MarkingsCheck.defaults(create, ceiling);
    return writer.submit(c -> {
      Verified verified = statements.verify(c, read);
      var existing = channels.findDirect(c, key);
      if (existing.isPresent()) {
        return new Opened(info(c, existing.get(), actor.id()), List.of());
      }
      requireUnused(c, id);
      requireKnownOfficer(c, other);
      ChannelRecord channel = new ChannelRecord(id, ChannelKind.CHANNEL_KIND_DIRECT, "", "",
          actor.id().value(), clock.instant(), false, 0, 0, ceiling, defaults);
      channels.insert(c, channel, key);
      return open(c, channel, actor.id(), MemberRole.MEMBER_ROLE_MEMBER, Set.of(other),
          verified);
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

  /**
   * The channel's current members, its audit recipients and its whole chain of membership
   * statements.
   */
  public CompletableFuture<MemberList> members(Officer actor, String channelId) {
    ChannelId id = channelId(channelId);
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        rules.requireCurrentMember(c, id, actor.id());
        MemberList.Builder result = MemberList.newBuilder().setChannelId(id.value());
        for (Membership m : channels.currentMembers(c, id)) {
          var record = officers.find(c, m.officer());
          result.addMembers(Member.newBuilder()
              .setOfficerId(m.officer().value())
              .setAgency(record.map(r -> r.agency()).orElse(""))
              .setNation(record.map(r -> r.nation()).orElse(""))
              .setClearance(record.map(r -> r.clearance())
                  .orElse(Classification.CLASSIFICATION_UNCLASSIFIED))
              .setRole(m.role())
              .setSinceSeq(m.sinceSeq()));
        }
        for (var auditor : officers.auditorsOfChannel(c, id.value())) {
          result.addAuditors(Auditor.newBuilder().setOfficerId(auditor.id().value())
              .setAgency(auditor.agency()).setNation(auditor.nation()));
        }
        return result.addAllChain(chain.chain(c, id)).build();
      }
    });
  }

  /**
   * Adds, removes or promotes the member an {@code add}, {@code remove} or {@code promote}
   * statement names; answers the stored event.
   */
  public CompletableFuture<ChannelEvent> changeMembership(Session session, String channelId,
      SignedStatement signed) {
    ChannelId id = channelId(channelId);
    OfficerId actor = session.officer().id();
    Read read = statements.read(session, signed, Purpose.CHANGE_MEMBERSHIP, id.value());
    MembershipStatement statement = read.statement();
    OfficerId target = officerId(switch (statement.getChangeCase()) {
      case ADD -> statement.getAdd();
      case REMOVE -> statement.getRemove();
      default -> statement.getPromote();
    });
    return writer.submit(c -> {
      ChannelRecord channel = rules.requireSupervisedOpenChannel(c, id, actor);
      Verified verified = statements.verify(c, read);
      StatementCheck.requireFollows(verified, id, chain.head(c, id));
      ChannelEvent.Builder event = switch (statement.getChangeCase()) {
        case ADD -> {
          requireKnownOfficer(c, target);
          noteCannotSeeDefaults(c, channel, target);
          yield rules.add(c, channel, target);
        }
        case REMOVE -> rules.remove(c, channel, target);
        default -> rules.promote(c, channel, target);
      };
      ChannelEvent stored = log.append(c, id, channel.lastSeq(), actor.value(),
          event.setStatement(verified.signed()), null);
      rules.apply(c, stored);
      chain.append(c, id, verified.index(), verified.signed(), verified.linkHash(),
          stored.getSeq());
      return new Stored(stored, audience(c, stored));
    }, this::publish).thenApply(Stored::event);
  }

  /** Archives the channel as an {@code archive} statement says; answers the stored event. */
  public CompletableFuture<ChannelEvent> archive(Session session, String channelId,
      SignedStatement signed) {
    ChannelId id = channelId(channelId);
    OfficerId actor = session.officer().id();
    Read read = statements.read(session, signed, Purpose.ARCHIVE_CHANNEL, id.value());
    return writer.submit(c -> {
      ChannelRecord channel = rules.requireSupervisedOpenChannel(c, id, actor);
      Verified verified = statements.verify(c, read);
      StatementCheck.requireFollows(verified, id, chain.head(c, id));
      ChannelEvent stored = log.append(c, id, channel.lastSeq(), actor.value(),
          ChannelEvent.newBuilder().setStatement(verified.signed())
              .setArchived(ChannelArchived.getDefaultInstance()), null);
      channels.archive(c, id);
      chain.append(c, id, verified.index(), verified.signed(), verified.linkHash(),
          stored.getSeq());
      return new Stored(stored, audience(c, stored));
    }, this::publish).thenApply(Stored::event);
  }

  private record Stored(ChannelEvent event, Set<OfficerId> audience) {}

  private record Opened(ChannelInfo info, List<Stored> events) {}

  /**
   * Stores a new channel's first events: {@code created} carrying the creation statement, then
   * one {@code member_added} per initial member (without a statement: the creation names them).
   */
  private Opened open(Connection c, ChannelRecord channel, OfficerId creator,
      MemberRole creatorRole, Set<OfficerId> members, Verified creation) throws SQLException {
    List<Stored> stored = new ArrayList<>();
    long seq = 0;
    ChannelEvent created = log.append(c, channel.id(), seq++, creator.value(),
        ChannelEvent.newBuilder().setStatement(creation.signed())
            .setCreated(ChannelCreated.newBuilder()
                .setKind(channel.kind()).setName(channel.name()).setPurpose(channel.purpose())
                .setCeiling(channel.ceiling()).setDefaultMarkings(channel.defaultMarkings())),
        null);
    chain.append(c, channel.id(), creation.index(), creation.signed(), creation.linkHash(),
        created.getSeq());
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
        .setCeiling(channel.ceiling())
        .setDefaultMarkings(channel.defaultMarkings())
        .build();
  }

  private void publish(Stored stored) {
    listener.published(stored.event(), stored.audience());
  }

  private void publishAll(Opened opened) {
    opened.events().forEach(this::publish);
  }

  private void requireUnused(Connection c, ChannelId id) throws SQLException {
    if (channels.find(c, id).isPresent()) {
      throw new LiaisonException(ErrorCode.CONFLICT, "channel id " + id
          + " is taken: choose another at random and sign the creation again");
    }
  }

  /**
   * Supervisors may add an officer who cannot see the channel's default markings (they will see
   * only what is marked for them); the answer cannot say so without a protocol change, so the
   * server logs it and the client warns the supervisor itself.
   */
  private void noteCannotSeeDefaults(Connection c, ChannelRecord channel, OfficerId officer)
      throws SQLException {
    var record = officers.find(c, officer);
    if (record.isPresent() && !record.get().maySee(channel.defaultMarkings())) {
      logger.info("channel {}: added {} ({}, cleared {}) cannot see its default markings {}",
          channel.id(), officer, record.get().nation(),
          org.liaison.markings.Markings.name(record.get().clearance()),
          org.liaison.markings.Markings.banner(channel.defaultMarkings()));
    }
  }

  private void requireKnownOfficer(Connection c, OfficerId officer) throws SQLException {
    if (officers.find(c, officer).isEmpty()) {
      throw new LiaisonException(ErrorCode.NOT_FOUND, "officer " + officer
          + " is unknown to this server (they must have logged in once)");
    }
  }

  private static <T> CompletableFuture<T> failed(ErrorCode code, String message) {
    return CompletableFuture.failedFuture(new LiaisonException(code, message));
  }
}
