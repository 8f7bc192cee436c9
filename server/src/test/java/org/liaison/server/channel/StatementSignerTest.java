package org.liaison.server.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.channel.SignedMembershipTest.group;
import static org.liaison.server.testing.ClientPayloads.groupCreation;
import static org.liaison.server.testing.ClientPayloads.newChannelId;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * Who signed a membership statement: the connected officer's own device, with the keys it has
 * published and not rotated since, over exactly these bytes (the chain checks are in
 * {@link SignedMembershipTest}).
 */
class StatementSignerTest {
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
  void statementNamingAnotherOfficerAsActorIsRefused() {
    String id = world.createGroup(anne, karim).getChannelId();
    SignedStatement forged = anne.sign(world.next(anne, id).setActor(karim.officerId())
        .setAdd(paul.officerId()).build());

    assertThat(refusal(() -> world.channels().changeMembership(anne.session(), id, forged))
        .code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void statementNamingAnotherDeviceIsRefused() {
    SignedStatement creation = anne.sign(anne.statement(newChannelId(), 0, new byte[0])
        .setActorDevice("phone").setCreate(group("Gate 4")).build());

    LiaisonException refused = refusal(() -> world.channels().create(anne.session(), creation));

    assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refused.getMessage()).contains("laptop");
  }

  @Test
  void deviceWithoutPublishedKeysIsToldToPublishThem() {
    TestDevice tablet = world.unpublishedDevice(anne.officerId(), "tablet",
        StorageWorld.KEY_LIFETIME);

    LiaisonException refused = refusal(() -> world.channels().create(tablet.session(),
        groupCreation(tablet, newChannelId(), "Gate 4", karim)));

    assertThat(refused.code()).isEqualTo(ErrorCode.KEYS_REQUIRED);
    assertThat(refused.getMessage()).contains("liaison keys init");
  }

  @Test
  void deviceWhosePublishedKeysExpiredIsToldToPublishAgain() {
    TestDevice shortLived = world.device(anne.officerId(), "tablet", Duration.ofHours(1));
    world.clock.advance(Duration.ofHours(2));

    assertThat(refusal(() -> world.channels().create(shortLived.session(),
        groupCreation(shortLived, newChannelId(), "Gate 4", karim))).code())
        .isEqualTo(ErrorCode.KEYS_REQUIRED);
  }

  @Test
  void statementSignedWithKeysTheDeviceHasSinceRotatedIsRefused() {
    var oldBundle = anne.bundle();
    anne.newKeys(StorageWorld.KEY_LIFETIME);
    world.publish(anne);
    SignedStatement signedWithNew = groupCreation(anne, newChannelId(), "Gate 4", karim);
    SignedStatement claimingOld = signedWithNew.toBuilder().setSigner(oldBundle).build();

    assertThat(refusal(() -> world.channels().create(anne.session(), claimingOld)).code())
        .isEqualTo(ErrorCode.KEYS_REQUIRED);
    assertThat(await(world.channels().create(anne.session(), signedWithNew)).getChannelId())
        .isNotEmpty();
  }

  @Test
  void alteredStatementFailsItsSignature() throws Exception {
    SignedStatement good = groupCreation(anne, newChannelId(), "Gate 4", karim);
    MembershipStatement altered = MembershipStatement.parseFrom(good.getStatement()).toBuilder()
        .setCreate(group("Gate 4").addMembers(karim.officerId()).addMembers(paul.officerId()))
        .build();
    SignedStatement tampered = good.toBuilder().setStatement(altered.toByteString()).build();

    assertThat(refusal(() -> world.channels().create(anne.session(), tampered)).code())
        .isEqualTo(ErrorCode.INVALID_SIGNATURE);
  }

  @Test
  void signatureByAnotherDevicesKeyIsRefused() {
    MembershipStatement statement = anne.statement(newChannelId(), 0, new byte[0])
        .setCreate(group("Gate 4")).build();
    SignedStatement byKarim = karim.sign(statement).toBuilder().setSigner(anne.bundle()).build();
    SignedStatement truncated = anne.sign(statement).toBuilder()
        .setSignature(anne.sign(statement).getSignature().substring(0, 63)).build();

    assertThat(refusal(() -> world.channels().create(anne.session(), byKarim)).code())
        .isEqualTo(ErrorCode.INVALID_SIGNATURE);
    assertThat(refusal(() -> world.channels().create(anne.session(), truncated)).code())
        .isEqualTo(ErrorCode.INVALID_SIGNATURE);
  }
}
