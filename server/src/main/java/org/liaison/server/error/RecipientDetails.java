package org.liaison.server.error;

import java.util.List;
import org.liaison.proto.v1.DeviceRef;

/**
 * What a {@code MEMBERSHIP_CHANGED} refusal tells the sender so that it can seal again: the
 * recipient devices the server expects for the channel now, sorted by officer then device, and
 * the index of the channel's newest membership statement.
 */
public record RecipientDetails(List<DeviceRef> expectedRecipients, long membershipIndex) {
  public RecipientDetails {
    expectedRecipients = List.copyOf(expectedRecipients);
  }
}
