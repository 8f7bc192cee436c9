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
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;
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
  private final JdbcOfficerRepository officers;

  public RecipientCheck(DeviceDirectory directory, JdbcOfficerRepository officers) {
    this.directory = directory;
    this.officers = officers;
  }

  /**
   * Runs inside the writer's transaction with the channel locked, so the membership cannot change
   * between this check and the message's storage.
   *
   * @param locked the channel as read under its lock
   * @param membershipIndex the envelope header's membership index
   * @param wrapped the devices the envelope wraps for, as {@link EnvelopeCheck} read them
   * @param markings the envelope's markings, well formed
   */
  public void require(Connection c, ChannelRecord locked, long membershipIndex,
      Set<Recipient> wrapped, Markings markings) throws SQLException {
    ChannelId channel = locked.id();
    requireReleasable(c, channel, wrapped, markings);
    long newest = locked.membershipIndex();
    List<DeviceRef> expected = directory.recipientsOf(c, channel.value(), markings);
    int missing = 0;
    for (DeviceRef device : expected) {
      if (!wrapped.contains(new Recipient(device.getOfficerId(), device.getDeviceId()))) {
        missing++;
      }
    }
    int unexpected = wrapped.size() - (expected.size() - missing);
    if (membershipIndex == newest && missing == 0 && unexpected == 0) {
      return;
    }
    throw LiaisonException.membershipChanged("the recipients of channel " + channel
        + " are not the envelope's: membership index " + newest + " (the envelope names "
        + membershipIndex + "), " + missing + " expected device(s) not wrapped for, "
        + unexpected + " wrapped device(s) not expected; fetch the members and keys again and"
        + " seal again", expected, newest);
  }

  private void requireReleasable(Connection c, ChannelId channel, Set<Recipient> wrapped,
      Markings markings) throws SQLException {
    Set<OfficerId> named = new TreeSet<>(Comparator.comparing(OfficerId::value));
    for (Recipient recipient : wrapped) {
      named.add(new OfficerId(recipient.officerId()));
    }
    // One query for all of them; the first (by id) who may not see it is named.
    Map<OfficerId, OfficerRecord> known = officers.findAll(c, named);
    for (OfficerId id : named) {
      // An officer unknown to the server is no recipient at all: MEMBERSHIP_CHANGED below.
      OfficerRecord o = known.get(id);
      if (o != null && !o.maySee(markings)) {
        throw MarkingsCheck.refuse(ErrorCode.NOT_RELEASABLE, "channel " + channel + ": "
            + o.id() + " (" + o.nation() + ", cleared " + org.liaison.markings.Markings.name(
                o.clearance()) + ") may not see " + org.liaison.markings.Markings.banner(markings)
            + ": do not seal for their devices");
      }
    }
  }
}
