package org.liaison.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ServerFrame;

/**
 * Sends one request and checks that the answer is of the kind the protocol
 * promises for it, so that the typed wrappers never hand out a default
 * instance of the wrong message.
 */
final class Answers {

    private Answers() {
    }

    /**
     * Sends {@code frame} and extracts the answer.
     *
     * @return completes with {@code extract} applied to the answer; fails like
     *         {@link LiaisonClient#request}, or with a {@link LiaisonClientException}
     *         if the answer's body is not {@code expected}
     */
    static <T> CompletableFuture<T> call(LiaisonClient client, ClientFrame.Builder frame,
                                         ServerFrame.BodyCase expected, Function<ServerFrame, T> extract) {
        ClientFrame.BodyCase request = frame.getBodyCase();
        return client.request(frame).thenApply(answer -> {
            if (answer.getBodyCase() != expected) {
                throw new LiaisonClientException("server answered " + request + " with " + answer.getBodyCase()
                        + " instead of " + expected);
            }
            return extract.apply(answer);
        });
    }
}
