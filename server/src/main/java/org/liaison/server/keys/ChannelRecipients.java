package org.liaison.server.keys;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.liaison.proto.v1.Markings;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.Membership;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.keys.KeyBundleRepository.CurrentDevice;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.officer.OfficerRecord;
import org.liaison.server.storage.RecipientTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a channel's messages must be sealed for and pushed to, read from the recipient tables
 * (current members, their officers' nation and clearance, their devices' current key bundles,
 * the channel's audit recipients) and remembered per channel while those tables stay as they
 * were ({@link RecipientTables}) and no remembered bundle has expired.
 *
 * <p>Every message runs the exact-recipients check on the single writer; reading all of this
 * from the database for every message was most of the writer's time (docs/performance.md). The
 * answer decides who can read a message, so a remembered view is used only at the version of
 * the tables it was read at: any write to them, by any code, marks every view stale. Trust in
 * each bundle's certificate is not remembered here but asked of {@link TrustedBundles} on every
 * use.
 *
 * <p>With {@code -Dliaison.recipients.verify=true} (the test suites) every use reads the tables
 * again and fails the write if a remembered view differs from them.
 */
public final class ChannelRecipients {
  private static final Logger log = LoggerFactory.getLogger(ChannelRecipients.class);
  /** Past this many remembered channels the views start over rather than grow without bound. */
  static final int MAX_CHANNELS = 50_000;
  /** The system property that turns verification on (see the class comment). */
  public static final String VERIFY_PROPERTY = "liaison.recipients.verify";
  private static final Duration VERIFY_RACE = Duration.ofMillis(200);

  /** An officer as far as what they may receive is concerned. */
  public record Person(OfficerId id, String nation, org.liaison.proto.v1.Classification clearance) {
    public boolean maySee(Markings markings) {
      return org.liaison.markings.Markings.maySee(markings, nation, clearance);
    }
  }

  /**
   * The channel's recipients as read at {@code version} of the tables: current members, every
   * member and audit recipient the server knows as an officer, and their devices with a current
   * bundle (members' first, each by officer then device). Valid until {@code validUntil}, the
   * earliest expiry of those bundles.
   */
  public record View(long version, Instant validUntil, List<Membership> members,
      Map<OfficerId, Person> people, List<CurrentDevice> memberDevices,
      List<CurrentDevice> auditorDevices) {

    boolean sameContent(View other) {
      return members.equals(other.members) && people.equals(other.people)
          && memberDevices.equals(other.memberDevices)
          && auditorDevices.equals(other.auditorDevices);
    }

    /**
     * The members the channel's event {@code seq} (not yet stored: the next one) is pushed to:
     * members at that event who may see its markings. The rule of every read
     * ({@link EventRepository#audience}).
     */
    public Set<OfficerId> audience(long seq, Markings markings) {
      Set<OfficerId> result = new HashSet<>();
      for (Membership m : members) {
        Person person = people.get(m.officer());
        if (person != null && m.sinceSeq() <= seq && person.maySee(markings)) {
          result.add(m.officer());
        }
      }
      return result;
    }
  }

  private final ChannelRepository channels;
  private final KeyBundleRepository bundles;
  private final JdbcOfficerRepository officers;
  private final Clock clock;
  private final boolean verify;
  private final ConcurrentMap<ChannelId, View> views = new ConcurrentHashMap<>();

  /** @param verify whether to read the tables on every use and check remembered views */
  public ChannelRecipients(ChannelRepository channels, KeyBundleRepository bundles,
      JdbcOfficerRepository officers, Clock clock, boolean verify) {
    this.channels = channels;
    this.bundles = bundles;
    this.officers = officers;
    this.clock = clock;
    this.verify = verify;
  }

  /** As configured by {@value #VERIFY_PROPERTY}. */
  public ChannelRecipients(ChannelRepository channels, KeyBundleRepository bundles,
      JdbcOfficerRepository officers, Clock clock) {
    this(channels, bundles, officers, clock, Boolean.getBoolean(VERIFY_PROPERTY));
  }

  public boolean verifying() {
    return verify;
  }

  /** The channel's view, remembered or read on the caller's connection (inside its transaction). */
  public View of(Connection c, ChannelId channel) throws SQLException {
    Instant now = clock.instant();
    View known = views.get(channel);
    boolean current = known != null && known.version() == RecipientTables.version()
        && now.isBefore(known.validUntil());
    if (current && !verify) {
      return known;
    }
    View fresh = read(c, channel, now);
    if (current) {
      requireSame(channel, known, fresh);
    }
    if (views.size() >= MAX_CHANNELS) {
      views.clear();
    }
    views.put(channel, fresh);
    return fresh;
  }

  /** How many channels' views are remembered (for tests). */
  public int remembered() {
    return views.size();
  }

  private View read(Connection c, ChannelId channel, Instant now) throws SQLException {
    // The version first: a change while reading leaves the view filed under the older version.
    long version = RecipientTables.version();
    List<Membership> members = List.copyOf(channels.currentMembers(c, channel));
    Map<OfficerId, Person> people = new HashMap<>();
    for (OfficerRecord o : officers.findAll(c,
        members.stream().map(Membership::officer).collect(Collectors.toList())).values()) {
      people.put(o.id(), new Person(o.id(), o.nation(), o.clearance()));
    }
    for (OfficerRecord o : officers.auditorsOfChannel(c, channel.value())) {
      people.put(o.id(), new Person(o.id(), o.nation(), o.clearance()));
    }
    List<CurrentDevice> memberDevices =
        List.copyOf(bundles.currentOfChannelMembers(c, channel.value(), now));
    List<CurrentDevice> auditorDevices =
        List.copyOf(bundles.currentOfChannelAuditors(c, channel.value(), now));
    Instant validUntil = Instant.MAX;
    List<CurrentDevice> all = new ArrayList<>(memberDevices);
    all.addAll(auditorDevices);
    for (CurrentDevice device : all) {
      if (device.expiresAt().isBefore(validUntil)) {
        validUntil = device.expiresAt();
      }
    }
    return new View(version, validUntil, members, Map.copyOf(people), memberDevices,
        auditorDevices);
  }

  private static void requireSame(ChannelId channel, View known, View fresh) {
    if (known.sameContent(fresh)) {
      return;
    }
    // A writer outside the single writer moves the version right after its commit; give a
    // change caught between the two the moment it needs before calling the view stale.
    long deadline = System.nanoTime() + VERIFY_RACE.toNanos();
    while (System.nanoTime() < deadline) {
      if (RecipientTables.version() != known.version()) {
        return;
      }
      Thread.onSpinWait();
    }
    log.error("remembered recipients of channel {} differ from the database: {} vs {}",
        channel, known, fresh);
    throw new IllegalStateException("remembered recipients of channel " + channel
        + " are stale: a write to the recipient tables did not mark them changed");
  }
}
