package org.liaison.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.Classification;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.keys.KeyBundleRepository.CurrentDevice;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.RecipientTables;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * A channel's remembered recipients are used only while nothing they were read from has changed:
 * members, officers, key bundles (whoever writes them), a bundle's expiry, and a write that was
 * rolled back after they were read from it. Here without the verification the test suites turn
 * on, so what is returned is what the server would use.
 */
class ChannelRecipientsTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private ChannelRecipients recipients;
  private TestDevice anne;
  private TestDevice karim;
  private ChannelId channel;

  @BeforeEach
  void channelOfAnneAndKarim() {
    recipients = new ChannelRecipients(new ChannelRepository(), new KeyBundleRepository(),
        world.officers(), world.clock, false);
    anne = world.device("fr-pn.anne.martin", "laptop", "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk", Duration.ofDays(2));
    channel = new ChannelId(world.createGroup(anne, karim).getChannelId());
  }

  private ChannelRecipients.View view() throws SQLException {
    try (Connection c = world.connection()) {
      return recipients.of(c, channel);
    }
  }

  @Test
  void aViewIsRememberedWhileNothingChanges() throws SQLException {
    ChannelRecipients.View first = view();

    assertThat(view()).isSameAs(first);
    assertThat(first.memberDevices()).extracting(CurrentDevice::officerId)
        .containsExactly("fr-pn.anne.martin", "ma-dgsn.karim.benali");
    assertThat(recipients.remembered()).isEqualTo(1);
  }

  @Test
  void aNewMemberIsSeenAtOnce() throws SQLException {
    ChannelRecipients.View before = view();
    TestDevice paul = world.device("fr-pn.paul.roux", "phone");

    world.add(anne, channel.value(), paul);

    ChannelRecipients.View after = view();
    assertThat(after).isNotSameAs(before);
    assertThat(after.members()).extracting(m -> m.officer().value())
        .contains("fr-pn.paul.roux");
    assertThat(after.audience(Long.MAX_VALUE, org.liaison.proto.v1.Markings.newBuilder()
        .setClassification(Classification.CLASSIFICATION_UNCLASSIFIED).setReleasableToAll(true)
        .build()))
        .contains(new OfficerId("fr-pn.paul.roux"));
  }

  @Test
  void aWriteOutsideTheServersCodeStillMarksItStale() throws SQLException {
    view();

    try (Connection c = world.connection();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE officers SET clearance = 4 WHERE officer_id = 'ma-dgsn.karim.benali'")) {
      ps.executeUpdate();
    }

    assertThat(view().people().get(new OfficerId("ma-dgsn.karim.benali")).clearance())
        .isEqualTo(Classification.CLASSIFICATION_SECRET);
  }

  @Test
  void aLoginMarksItStale() throws SQLException {
    ChannelRecipients.View before = view();

    world.device("ma-dgsn.karim.benali", "phone");

    assertThat(view()).isNotSameAs(before);
  }

  @Test
  void aBundlePastItsExpiryIsNoLongerARecipient() throws SQLException {
    assertThat(view().memberDevices()).extracting(CurrentDevice::officerId)
        .contains("ma-dgsn.karim.benali");

    world.clock.advance(Duration.ofDays(3));

    assertThat(view().memberDevices()).extracting(CurrentDevice::officerId)
        .containsExactly("fr-pn.anne.martin");
  }

  @Test
  void aViewReadFromAWriteThatWasRolledBackIsNotKept() throws SQLException {
    view();
    try (GroupCommitter writer = new GroupCommitter(world.dataSource(), 8, false)) {
      var failed = writer.submit(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE officers SET nation = 'ES' WHERE officer_id = 'ma-dgsn.karim.benali'")) {
          ps.executeUpdate();
        }
        // Read inside the write, from its uncommitted change...
        assertThat(recipients.of(c, channel).people()
            .get(new OfficerId("ma-dgsn.karim.benali")).nation()).isEqualTo("ES");
        throw new IllegalStateException("refused after reading");
      });
      assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
          .hasRootCauseMessage("refused after reading");
    }

    // ... and never used once the change is gone.
    assertThat(view().people().get(new OfficerId("ma-dgsn.karim.benali")).nation())
        .isEqualTo("MA");
  }

  @Test
  void theVersionMovesOnEveryRecipientTable() throws SQLException {
    for (String table : new String[] {"channel_members", "officers", "key_bundles"}) {
      long before = RecipientTables.version();
      try (Connection c = world.connection();
          PreparedStatement ps = c.prepareStatement(
              "UPDATE " + table + " SET officer_id = officer_id WHERE 1 = 0")) {
        ps.executeUpdate();
      }
      assertThat(RecipientTables.version()).as(table).isGreaterThan(before);
    }
  }
}
