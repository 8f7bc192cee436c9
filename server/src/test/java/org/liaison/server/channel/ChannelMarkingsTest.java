package org.liaison.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ClientPayloads.groupCreation;
import static org.liaison.server.testing.ClientPayloads.newChannelId;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelCreated;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementCreate;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * A channel's ceiling and default markings, from its signed creation statement, and officers'
 * clearances, from their certificates: checked, stored and returned, on a real H2 file.
 */
class ChannelMarkingsTest {
  private static final Markings RESTRICTED_FR_MA = org.liaison.markings.Markings.of(
      Classification.CLASSIFICATION_RESTRICTED, "FR,MA", Precedence.PRECEDENCE_PRIORITY);

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private TestDevice anne;
  private TestDevice karim;
  private TestDevice sofia;

  @BeforeEach
  void officersOfThreeNations() {
    anne = world.device("fr-pn.anne.martin", "laptop", Classification.CLASSIFICATION_SECRET,
        "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk",
        Classification.CLASSIFICATION_CONFIDENTIAL);
    sofia = world.device("es-pn.sofia.garcia", "phone");
  }

  private ChannelInfo create(Classification ceiling, Markings defaults, TestDevice... members) {
    return await(world.channels().create(anne.session(),
        groupCreation(anne, newChannelId(), ceiling, defaults, members)));
  }

  private LiaisonException refusedCreation(Classification ceiling, Markings defaults) {
    return refusal(() -> world.channels().create(anne.session(),
        groupCreation(anne, newChannelId(), ceiling, defaults, karim)));
  }

  @Test
  void theCeilingAndDefaultMarkingsAreStoredAndReturned() {
    ChannelInfo created = create(Classification.CLASSIFICATION_CONFIDENTIAL, RESTRICTED_FR_MA,
        karim);

    assertThat(created.getCeiling()).isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
    assertThat(created.getDefaultMarkings()).isEqualTo(RESTRICTED_FR_MA);
    ChannelInfo listed = await(world.channels().list(karim.officer(), false)).get(0);
    assertThat(listed.getCeiling()).isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
    assertThat(listed.getDefaultMarkings()).isEqualTo(RESTRICTED_FR_MA);
    ChannelCreated event = createdEvent(created.getChannelId());
    assertThat(event.getCeiling()).isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
    assertThat(event.getDefaultMarkings()).isEqualTo(RESTRICTED_FR_MA);
  }

  @Test
  void aCreationThatSaysNothingIsUnclassifiedReleasableToAll() {
    ChannelInfo created = create(Classification.CLASSIFICATION_UNSPECIFIED, null, karim);

    assertThat(created.getCeiling()).isEqualTo(Classification.CLASSIFICATION_UNCLASSIFIED);
    assertThat(created.getDefaultMarkings()).isEqualTo(org.liaison.markings.Markings.DEFAULT);
    assertThat(createdEvent(created.getChannelId()).getDefaultMarkings())
        .isEqualTo(org.liaison.markings.Markings.DEFAULT);
  }

  @Test
  void defaultMarkingsAboveTheCeilingAreRefused() {
    LiaisonException refused = refusedCreation(Classification.CLASSIFICATION_UNCLASSIFIED,
        RESTRICTED_FR_MA);

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("above its ceiling UNCLASSIFIED");
  }

  @Test
  void malformedDefaultMarkingsAreRefusedSayingWhy() {
    Markings nobody = RESTRICTED_FR_MA.toBuilder().clearReleasableTo().build();
    Markings noPrecedence = RESTRICTED_FR_MA.toBuilder().clearPrecedence().build();

    LiaisonException refusedNobody = refusedCreation(Classification.CLASSIFICATION_SECRET,
        nobody);
    LiaisonException refusedNoPrecedence = refusedCreation(Classification.CLASSIFICATION_SECRET,
        noPrecedence);

    assertThat(refusedNobody.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusedNobody.getMessage()).contains("releasable to no nation");
    assertThat(refusedNoPrecedence.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusedNoPrecedence.getMessage()).contains("no precedence");
  }

  @Test
  void aDirectChannelTakesTheCeilingOfItsStatement() {
    SignedStatement direct = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT)
            .setCeiling(Classification.CLASSIFICATION_RESTRICTED)
            .addMembers(karim.officerId())).build());
    SignedStatement tooHigh = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT)
            .setDefaultMarkings(RESTRICTED_FR_MA)
            .addMembers(sofia.officerId())).build());

    ChannelInfo opened = await(world.channels().openDirect(anne.session(), direct));

    assertThat(opened.getCeiling()).isEqualTo(Classification.CLASSIFICATION_RESTRICTED);
    assertThat(opened.getDefaultMarkings()).isEqualTo(org.liaison.markings.Markings.DEFAULT);
    assertThat(refusal(() -> world.channels().openDirect(anne.session(), tooHigh)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aSupervisorMayAddAnOfficerWhoCannotSeeTheDefaultMarkings() {
    String channel = create(Classification.CLASSIFICATION_SECRET, RESTRICTED_FR_MA, karim)
        .getChannelId();

    ChannelEvent added = world.add(anne, channel, sofia);

    assertThat(added.getMemberAdded().getOfficerId()).isEqualTo(sofia.officerId());
  }

  @Test
  void aChannelStoredBeforeMarkingsIsUnclassifiedReleasableToAll() throws Exception {
    String channel = create(Classification.CLASSIFICATION_SECRET, RESTRICTED_FR_MA, karim)
        .getChannelId();
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE channels SET default_markings = NULL, ceiling = DEFAULT WHERE channel_id = ?")) {
      ps.setString(1, channel);
      ps.executeUpdate();
    }

    ChannelInfo old = await(world.channels().list(anne.officer(), false)).get(0);

    assertThat(old.getCeiling()).isEqualTo(Classification.CLASSIFICATION_UNCLASSIFIED);
    assertThat(old.getDefaultMarkings()).isEqualTo(org.liaison.markings.Markings.DEFAULT);
  }

  // ---------------------------------------------------------------------------------------------
  // Clearances

  @Test
  void theClearanceComesFromTheCertificateAndIsShownWithTheMembers() throws Exception {
    String channel = world.createGroup(anne, karim, sofia).getChannelId();

    List<Member> members = world.members(anne, channel).getMembersList();

    assertThat(anne.officer().clearance()).isEqualTo(Classification.CLASSIFICATION_SECRET);
    assertThat(sofia.officer().clearance()).isEqualTo(Classification.CLASSIFICATION_UNCLASSIFIED);
    assertThat(members).extracting(Member::getOfficerId, Member::getClearance).containsExactly(
        org.assertj.core.groups.Tuple.tuple(anne.officerId(),
            Classification.CLASSIFICATION_SECRET),
        org.assertj.core.groups.Tuple.tuple(karim.officerId(),
            Classification.CLASSIFICATION_CONFIDENTIAL),
        org.assertj.core.groups.Tuple.tuple(sofia.officerId(),
            Classification.CLASSIFICATION_UNCLASSIFIED));
    assertThat(storedClearance(anne.officerId())).isEqualTo(4);
    assertThat(storedClearance(karim.officerId())).isEqualTo(3);
  }

  @Test
  void officersRecordedBeforeClearancesAreUnclassified() throws Exception {
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO officers (officer_id, agency, nation, roles, first_login, last_login,
                              last_device, login_count)
        VALUES ('fr-pn.old.timer', 'fr-pn', 'FR', 'officer', CURRENT_TIMESTAMP,
                CURRENT_TIMESTAMP, 'desk', 1)
        """)) {
      ps.executeUpdate();
    }

    assertThat(storedClearance("fr-pn.old.timer")).isEqualTo(1);
  }

  private int storedClearance(String officerId) throws Exception {
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT clearance FROM officers WHERE officer_id = ?")) {
      ps.setString(1, officerId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getInt(1);
      }
    }
  }

  private ChannelCreated createdEvent(String channelId) {
    return world.published.stream()
        .filter(e -> e.getChannelId().equals(channelId) && e.hasCreated())
        .findFirst().orElseThrow().getCreated();
  }
}
