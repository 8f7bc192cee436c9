package org.liaison.server.keys;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.keys.KeyBundleRepository.CurrentDevice;
import org.liaison.server.keys.KeyBundleRepository.StoredBundle;

/**
 * Which devices count: those with a current, unexpired key bundle whose certificate the trust
 * configuration still accepts. {@code GetKeys} serves exactly these bundles and a message must be
 * sealed for exactly these devices of the channel's members, so the two can never disagree.
 * Methods run on the caller's connection (inside its transaction).
 */
public final class DeviceDirectory {
  private final KeyBundleRepository bundles;
  private final TrustedBundles trust;
  private final Clock clock;

  public DeviceDirectory(KeyBundleRepository bundles, TrustedBundles trust, Clock clock) {
    this.bundles = bundles;
    this.trust = trust;
    this.clock = clock;
  }

  /** The bundles of every counted device of the officers, officer by officer. */
  public List<SignedKeyBundle> bundlesOf(Connection c, Collection<String> officerIds)
      throws SQLException {
    return bundlesOf(c, officerIds, false);
  }

  /**
   * As {@link #bundlesOf(Connection, Collection)}; with {@code includeSuperseded}, also every
   * earlier bundle of each device whose certificate is still trusted (for verifying old messages).
   */
  public List<SignedKeyBundle> bundlesOf(Connection c, Collection<String> officerIds,
      boolean includeSuperseded) throws SQLException {
    Instant now = clock.instant();
    List<SignedKeyBundle> result = new ArrayList<>();
    for (String officerId : officerIds) {
      List<StoredBundle> stored = includeSuperseded ? bundles.all(c, officerId)
          : bundles.current(c, officerId, now);
      for (StoredBundle one : stored) {
        if (trust.trusted(one.bundleId(), one::signed)) {
          result.add(one.signed());
        }
      }
    }
    return result;
  }

  /**
   * The recipients a message to the channel marked {@code markings} must be sealed for: every
   * counted device of every current member of the channel and of every audit recipient of the
   * channel (the auditors of the members' nations, DESIGN.md "transparent escrow") whose officer
   * may see the markings ({@link Markings#maySee}, nation and clearance as recorded at their last
   * login), each device once, sorted by officer then device.
   *
   * @param channel the channel's recipients, as {@link ChannelRecipients} read them
   */
  public List<DeviceRef> recipientsOf(Connection c, ChannelRecipients.View channel,
      org.liaison.proto.v1.Markings markings) throws SQLException {
    SortedMap<String, CurrentDevice> devices = new TreeMap<>();
    for (CurrentDevice device : channel.memberDevices()) {
      devices.put(device.officerId() + "/" + device.deviceId(), device);
    }
    for (CurrentDevice device : channel.auditorDevices()) {
      devices.putIfAbsent(device.officerId() + "/" + device.deviceId(), device);
    }
    // Those who may not see it are no recipients: sealing for them would release it.
    devices.values().removeIf(d -> !Markings.maySee(markings, d.nation(), d.clearance()));
    List<DeviceRef> result = new ArrayList<>();
    for (CurrentDevice device : devices.values()) {
      if (trust.trusted(device.bundleId(), () -> bundles.signedBundle(c, device.bundleId()))) {
        result.add(DeviceRef.newBuilder().setOfficerId(device.officerId())
            .setDeviceId(device.deviceId()).build());
      }
    }
    return result;
  }
}
