package org.liaison.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ClientPayloads.groupCreation;
import static org.liaison.server.testing.ClientPayloads.newChannelId;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.StatementArchive;
import org.liaison.proto.v1.StatementCreate;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.ChainBytes;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/** The checks on signed membership statements, on a real database with real certificates. */
class SignedMembershipTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private TestDevice anne;
  private TestDevice karim;
  private TestDevice paul;

  @BeforeEach
  void officers() {
    anne = world.device("fr-pn.anne.martin", "laptop", "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk");
    paul = world.device("fr-pn.paul.roux", "phone");
  }

  @Test
  void supervisorCreatesGroupChannelWithTheIdAndNameSheSigned() {
    String id = newChannelId();
    SignedStatement creation = groupCreation(anne, id, "Gate 4 sweep", karim);

    ChannelInfo info = await(world.channels().create(anne.session(), creation));

    assertThat(info.getChannelId()).isEqualTo(id);
    assertThat(info.getName()).isEqualTo("Gate 4 sweep");
    assertThat(info.getMemberCount()).isEqualTo(2);
    MemberList members = world.members(karim, id);
    assertThat(members.getChainList()).containsExactly(creation);
    assertThat(members.getMembersList()).extracting(m -> m.getOfficerId())
        .containsExactlyInAnyOrder(anne.officerId(), karim.officerId());
  }

  @Test
  void creationStatementTravelsOnTheCreatedEventOnly() {
    SignedStatement creation = groupCreation(anne, newChannelId(), "Gate 4", karim);
    await(world.channels().create(anne.session(), creation));

    assertThat(world.published).hasSize(3);
    ChannelEvent created = world.published.get(0);
    assertThat(created.hasCreated()).isTrue();
    assertThat(created.getStatement()).isEqualTo(creation);
    assertThat(world.published.subList(1, 3)).allSatisfy(event -> {
      assertThat(event.hasMemberAdded()).isTrue();
      assertThat(event.hasStatement()).isFalse();
    });
  }

  @Test
  void changeFollowingTheChainIsStoredWithItsEventAndServedInTheChain() throws Exception {
    String id = world.createGroup(anne, karim).getChannelId();
    SignedStatement addPaul = anne.sign(world.next(anne, id).setAdd(paul.officerId()).build());

    ChannelEvent added = await(world.channels().changeMembership(anne.session(), id, addPaul));

    assertThat(added.getMemberAdded().getOfficerId()).isEqualTo(paul.officerId());
    assertThat(added.getStatement()).isEqualTo(addPaul);
    List<SignedStatement> chain = world.members(anne, id).getChainList();
    assertThat(chain).hasSize(2).endsWith(addPaul);
    assertThat(MembershipStatement.parseFrom(chain.get(1).getStatement()).getPreviousHash()
        .toByteArray()).isEqualTo(ChainBytes.linkHash(chain.get(0)));
    assertThat(world.members(paul, id).getMembersList()).extracting(m -> m.getOfficerId())
        .contains(paul.officerId());
  }

  @Test
  void archiveStatementArchivesTheChannel() {
    String id = world.createGroup(anne, karim).getChannelId();
    SignedStatement archive = anne.sign(world.next(anne, id)
        .setArchive(StatementArchive.getDefaultInstance()).build());

    ChannelEvent archived = await(world.channels().archive(anne.session(), id, archive));

    assertThat(archived.hasArchived()).isTrue();
    assertThat(archived.getStatement()).isEqualTo(archive);
    assertThat(world.members(anne, id).getChainCount()).isEqualTo(2);
    LiaisonException refused = refusal(() -> world.channels().changeMembership(anne.session(),
        id, anne.sign(world.next(anne, id).setAdd(paul.officerId()).build())));
    assertThat(refused.code()).isEqualTo(ErrorCode.CHANNEL_ARCHIVED);
  }

  @Test
  void staleIndexIsAConflictNamingTheNewestStatement() {
    String id = world.createGroup(anne, karim).getChannelId();
    MembershipStatement.Builder stale = world.next(anne, id);
    world.add(anne, id, paul);

    LiaisonException refused = refusal(() -> world.channels().changeMembership(anne.session(),
        id, anne.sign(stale.setRemove(karim.officerId()).build())));

    assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refused.getMessage()).contains("changed meanwhile").contains("newest statement is 1");
    assertThat(world.members(anne, id).getChainCount()).isEqualTo(2);
  }

  @Test
  void indexBeyondTheNextIsAConflict() {
    String id = world.createGroup(anne, karim).getChannelId();
    MembershipStatement.Builder skipping = world.next(anne, id).setIndex(2);

    assertThat(refusal(() -> world.channels().changeMembership(anne.session(), id,
        anne.sign(skipping.setAdd(paul.officerId()).build()))).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void wrongPreviousHashIsAConflict() {
    String id = world.createGroup(anne, karim).getChannelId();
    byte[] wrong = ChainBytes.linkHash(world.members(anne, id).getChain(0));
    wrong[0] ^= 1;
    SignedStatement statement = anne.sign(anne.statement(id, 1, wrong)
        .setAdd(paul.officerId()).build());

    LiaisonException refused = refusal(() -> world.channels().changeMembership(anne.session(),
        id, statement));

    assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refused.getMessage()).contains("newest statement is 0");
  }

  @Test
  void statementForAnotherChannelIsRefused() {
    String first = world.createGroup(anne, karim).getChannelId();
    String second = world.createGroup(anne, karim).getChannelId();
    SignedStatement forFirst = anne.sign(world.next(anne, first).setAdd(paul.officerId())
        .build());

    LiaisonException refused = refusal(() -> world.channels().changeMembership(anne.session(),
        second, forFirst));

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains(first).contains(second);
  }

  @Test
  void changeOfTheWrongKindForTheRequestIsRefused() {
    String id = world.createGroup(anne, karim).getChannelId();
    SignedStatement archive = anne.sign(world.next(anne, id)
        .setArchive(StatementArchive.getDefaultInstance()).build());
    SignedStatement add = anne.sign(world.next(anne, id).setAdd(paul.officerId()).build());
    SignedStatement direct = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT)
            .addMembers(karim.officerId())).build());

    assertThat(refusal(() -> world.channels().changeMembership(anne.session(), id, archive))
        .code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal(() -> world.channels().archive(anne.session(), id, add)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal(() -> world.channels().create(anne.session(), add)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal(() -> world.channels().create(anne.session(), direct)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(world.members(anne, id).getChainCount()).isEqualTo(1);
  }

  @Test
  void bytesThatAreNotAStatementAreRefused() {
    SignedStatement garbage = SignedStatement.newBuilder()
        .setStatement(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
        .setSignature(ByteString.copyFrom(new byte[64])).setSigner(anne.bundle()).build();

    assertThat(refusal(() -> world.channels().create(anne.session(), garbage)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void statementFromADeviceWhoseClockIsOffIsRefused() {
    SignedStatement late = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setTimeMs(world.clock.millis() - Duration.ofMinutes(11).toMillis())
        .setCreate(group("Gate 4")).build());
    SignedStatement early = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setTimeMs(world.clock.millis() + Duration.ofMinutes(9).toMillis())
        .setCreate(group("Gate 4")).build());

    LiaisonException refused = refusal(() -> world.channels().create(anne.session(), late));
    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("clock");
    assertThat(await(world.channels().create(anne.session(), early)).getChannelId())
        .isNotEmpty();
  }

  @Test
  void creationMustBeStatementZero() {
    SignedStatement atOne = anne.sign(anne.statement(newChannelId(), 1, new byte[0])
        .setCreate(group("Gate 4")).build());

    assertThat(refusal(() -> world.channels().create(anne.session(), atOne)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void channelIdAlreadyInUseIsAConflict() {
    String id = newChannelId();
    await(world.channels().create(anne.session(), groupCreation(anne, id, "First", karim)));

    LiaisonException refused = refusal(() -> world.channels().create(anne.session(),
        groupCreation(anne, id, "Second", paul)));

    assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(world.members(anne, id).getChainCount()).isEqualTo(1);
  }

  @Test
  void malformedChannelIdInACreationIsRefused() {
    SignedStatement creation = groupCreation(anne, "c-NOT-VALID", "Gate 4", karim);

    assertThat(refusal(() -> world.channels().create(anne.session(), creation)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void officerWithoutTheSupervisorRoleCannotCreateAGroupChannel() {
    assertThat(refusal(() -> world.channels().create(karim.session(),
        groupCreation(karim, newChannelId(), "Gate 4", anne))).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void onlyTheChannelsSupervisorsSignChanges() {
    String id = world.createGroup(anne, karim).getChannelId();

    assertThat(refusal(() -> world.channels().changeMembership(karim.session(), id,
        karim.sign(world.next(karim, id).setAdd(paul.officerId()).build()))).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void outsiderLearnsNothingAboutTheChainHead() {
    String id = world.createGroup(anne, karim).getChannelId();
    SignedStatement guess = paul.sign(paul.statement(id, 7, new byte[32])
        .setAdd(paul.officerId()).build());

    LiaisonException refused = refusal(() -> world.channels().changeMembership(paul.session(),
        id, guess));

    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refused.getMessage()).doesNotContain("statement");
  }

  @Test
  void directChannelIsOpenedOnceAndItsMembershipNeverChanges() {
    String id = newChannelId();
    ChannelInfo opened = await(world.channels().openDirect(anne.session(), direct(anne, id,
        karim)));
    ChannelInfo again = await(world.channels().openDirect(karim.session(),
        direct(karim, newChannelId(), anne)));

    assertThat(opened.getChannelId()).isEqualTo(id);
    assertThat(again.getChannelId()).isEqualTo(id);
    assertThat(world.members(karim, id).getChainCount()).isEqualTo(1);
    assertThat(refusal(() -> world.channels().changeMembership(anne.session(), id,
        anne.sign(world.next(anne, id).setAdd(paul.officerId()).build()))).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void directChannelNamesExactlyOneOtherOfficer() {
    SignedStatement withTwo = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT)
            .addMembers(karim.officerId()).addMembers(paul.officerId())).build());
    SignedStatement withSelf = direct(anne, newChannelId(), anne);

    assertThat(refusal(() -> world.channels().openDirect(anne.session(), withTwo)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal(() -> world.channels().openDirect(anne.session(), withSelf)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void linkHashIsTheDocumentedByteFormat() throws Exception {
    SignedStatement signed = SignedStatement.newBuilder()
        .setStatement(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .setSignature(ByteString.copyFrom(new byte[] {9, 8})).build();
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(concat(
        "liaison-membership-link-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        new byte[] {0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 2, 9, 8}));

    assertThat(StatementCheck.linkHash(signed)).isEqualTo(expected);
    assertThat(StatementCheck.signedBytes(signed.getStatement()))
        .isEqualTo(ChainBytes.signatureInput(new byte[] {1, 2, 3}));
  }

  /** A group channel's creation named {@code name}, without members. */
  static StatementCreate.Builder group(String name) {
    return StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_GROUP).setName(name);
  }

  private static SignedStatement direct(TestDevice actor, String id, TestDevice other) {
    return actor.sign(actor.statement(id, 0, new byte[0])
        .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT)
            .addMembers(other.officerId())).build());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
