package org.liaison.client;

import java.util.List;
import org.liaison.proto.v1.DeviceRef;

/**
 * The server insists on other recipients for a message than the channel's
 * signed membership and the verified keys give, even after fetching both
 * again: the message was not sent. Either the membership is changing right
 * now (try again) or the server claims members or devices that no signed
 * statement or verified bundle backs.
 */
public class RecipientsDisagreeException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    private final transient List<DeviceRef> serverExpected;

    public RecipientsDisagreeException(String message, List<DeviceRef> serverExpected) {
        super(message);
        this.serverExpected = List.copyOf(serverExpected);
    }

    /** The recipient devices the server said it expects. */
    public List<DeviceRef> serverExpected() {
        return serverExpected;
    }
}
