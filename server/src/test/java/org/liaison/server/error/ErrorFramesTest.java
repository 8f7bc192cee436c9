package org.liaison.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;

/** The one mapper from refusals to the protocol's Error. */
class ErrorFramesTest {
  private static final List<DeviceRef> EXPECTED = List.of(
      DeviceRef.newBuilder().setOfficerId("fr-pn.anne.martin").setDeviceId("laptop").build(),
      DeviceRef.newBuilder().setOfficerId("ma-dgsn.karim.benali").setDeviceId("desk").build());

  @Test
  void membershipChangedCarriesExpectedRecipientsAndIndexToTheWire() {
    LiaisonException refusal = LiaisonException.membershipChanged("changed", EXPECTED, 3)
        .forRequest(9);

    Error error = ErrorFrames.of(refusal).getError();

    assertThat(error.getCode()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(error.getRequestId()).isEqualTo(9);
    assertThat(error.getExpectedRecipientsList()).containsExactlyElementsOf(EXPECTED);
    assertThat(error.getMembershipIndex()).isEqualTo(3);
    assertThat(error.getFatal()).isFalse();
  }

  @Test
  void ordinaryRefusalCarriesNoRecipients() {
    Error error = ErrorFrames.of(new LiaisonException(ErrorCode.CONFLICT, "taken"), 5, false)
        .getError();

    assertThat(error.getCode()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(error.getRequestId()).isEqualTo(5);
    assertThat(error.getExpectedRecipientsCount()).isZero();
    assertThat(error.getMembershipIndex()).isZero();
  }
}
