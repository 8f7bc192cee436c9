package org.liaison.server.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.keys.DeviceDirectory;
import org.liaison.server.message.EnvelopeCheck.Recipient;

/**
 * Checks that a message is sealed for exactly the channel's current recipients: the envelope
 * names the channel's newest membership statement, and its key wraps are for exactly every
 * counted device ({@link DeviceDirectory}) of every current member, the sender included, and of
 * every audit recipient (the auditors of the members' nations). A member left out would not be
 * able to read the message; a device added would read what it must not.
 * Anything else is refused with {@code MEMBERSHIP_CHANGED} and the expected devices, so that the
 * client can refetch members and keys and seal again.
 */
public final class RecipientCheck {
  private final DeviceDirectory directory;

  public RecipientCheck(DeviceDirectory directory) {
    this.directory = directory;
  }

  /**
   * Runs inside the writer's transaction with the channel locked, so the membership cannot change
   * between this check and the message's storage.
   *
   * @param locked the channel as read under its lock
   * @param membershipIndex the envelope header's membership index
   * @param wrapped the devices the envelope wraps for, as {@link EnvelopeCheck} read them
   */
  public void require(Connection c, ChannelRecord locked, long membershipIndex,
      Set<Recipient> wrapped) throws SQLException {
    ChannelId channel = locked.id();
    long newest = locked.membershipIndex();
    List<DeviceRef> expected = directory.recipientsOf(c, channel.value());
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
}
