package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.keys.ChannelRecipients;
import org.liaison.server.keys.DeviceDirectory;
import org.liaison.server.markings.MarkingsCheck;
import org.liaison.server.message.EnvelopeCheck.Recipient;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.officer.OfficerRecord;

/**
 * Checks that a message is sealed for exactly the channel's current recipients: the envelope
 * names the channel's newest membership statement, and its key wraps are for exactly every
 * counted device ({@link DeviceDirectory}) of every current member, the sender included, and of
 * every audit recipient (the auditors of the members' nations), who may see its markings. A
 * member left out would not be able to read the message; a device added would read what it must
 * not.
 *
 * <p>First, a wrap for a device whose officer may not see the markings is refused with
 * {@code NOT_RELEASABLE} naming the officer: that is a release, not a stale member list, and the
 * client must not "fix" it by resealing for the expected devices without telling its user.
 * Anything else is refused with {@code MEMBERSHIP_CHANGED} and the expected devices, so that the
 * client can refetch members and keys and seal again.
 */
public final class RecipientCheck {
  private final DeviceDirectory directory;
  private final ChannelRecipients channels;
  private final JdbcOfficerRepository officers;
  private final EventRepository events;

  public RecipientCheck(DeviceDirectory directory, ChannelRecipients channels,
      JdbcOfficerRepository officers, EventRepository events) {
    this.directory = directory;
    this.channels = channels;
    this.officers = officers;
    this.events = events;
  }

  /**
   * Runs inside the writer's transaction with the channel locked, so the membership cannot change
   * between this check and the message's storage.
   *
   * @param locked the channel as read under its lock
   * @param membershipIndex the envelope header's membership index
   * @param wrapped the devices the envelope wraps for, as {@link EnvelopeCheck} read them
   * @param markings the envelope's markings, well formed
   * @return the channel's recipients the check was made against, for {@link #audience}
   */
  public ChannelRecipients.View require(Connection c, ChannelRecord locked, long membershipIndex,
      Set<Recipient> wrapped, Markings markings) throws SQLException {
    ChannelId channel = locked.id();
    ChannelRecipients.View view = channels.of(c, channel);
    requireReleasable(c, channel, wrapped, markings, view);
    long newest = locked.membershipIndex();
    List<DeviceRef> expected = directory.recipientsOf(c, view, markings);
    int missing = 0;
    for (DeviceRef device : expected) {
      if (!wrapped.contains(new Recipient(device.getOfficerId(), device.getDeviceId()))) {
        missing++;
      }
    }
    int unexpected = wrapped.size() - (expected.size() - missing);
    if (membershipIndex == newest && missing == 0 && unexpected == 0) {
      return view;
    }
    throw LiaisonException.membershipChanged("the recipients of channel " + channel
        + " are not the envelope's: membership index " + newest + " (the envelope names "
        + membershipIndex + "), " + missing + " expected device(s) not wrapped for, "
        + unexpected + " wrapped device(s) not expected; fetch the members and keys again and"
        + " seal again", expected, newest);
  }

  /**
   * Whom the message just stored at {@code seq} (checked by {@link #require} against {@code view})
   * is pushed to: the members who may see it, by the rule of every read.
   */
  public Set<OfficerId> audience(Connection c, ChannelRecipients.View view, ChannelId channel,
      long seq, Markings markings) throws SQLException {
    Set<OfficerId> audience = view.audience(seq, markings);
    if (channels.verifying()) {
      Set<OfficerId> stored = events.audience(c, channel, seq);
      if (!stored.equals(audience)) {
        throw new IllegalStateException("audience of " + channel + "/" + seq + " from the"
            + " remembered recipients " + audience + " is not the database's " + stored);
      }
    }
    return audience;
  }

  private void requireReleasable(Connection c, ChannelId channel, Set<Recipient> wrapped,
      Markings markings, ChannelRecipients.View view) throws SQLException {
    Set<OfficerId> named = new TreeSet<>(Comparator.comparing(OfficerId::value));
    Set<OfficerId> unknown = new TreeSet<>(Comparator.comparing(OfficerId::value));
    for (Recipient recipient : wrapped) {
      OfficerId id = new OfficerId(recipient.officerId());
      named.add(id);
      if (!view.people().containsKey(id)) {
        unknown.add(id);
      }
    }
    // Members and audit recipients are in the view; anyone else in one query. The first (by id)
    // who may not see it is named.
    Map<OfficerId, OfficerRecord> others = officers.findAll(c, unknown);
    for (OfficerId id : named) {
      // An officer unknown to the server is no recipient at all: MEMBERSHIP_CHANGED below.
      ChannelRecipients.Person o = view.people().get(id);
      if (o == null && others.containsKey(id)) {
        OfficerRecord r = others.get(id);
        o = new ChannelRecipients.Person(r.id(), r.nation(), r.clearance());
      }
      if (o != null && !o.maySee(markings)) {
        throw MarkingsCheck.refuse(ErrorCode.NOT_RELEASABLE, "channel " + channel + ": "
            + o.id() + " (" + o.nation() + ", cleared " + org.liaison.markings.Markings.name(
                o.clearance()) + ") may not see " + org.liaison.markings.Markings.banner(markings)
            + ": do not seal for their devices");
      }
    }
  }
}
