package org.liaison.server.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.function.Function;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.testing.ChainBytes;
import org.liaison.server.testing.TestDevice;

/**
 * The connected device signing whatever the fuzzer wrote, as a hostile but authenticated client
 * can: a statement or a task transition sent without a signature is signed with the device's
 * key and bundle, and a statement that names no previous hash is linked to the channel's chain.
 * Without this the fuzzer, which cannot forge Ed25519 or SHA-256, would stop at the signature
 * checks and never reach the rules behind them.
 */
final class FuzzSigner {
  private final TestDevice device;
  private final Function<String, List<SignedStatement>> chains;

  FuzzSigner(TestDevice device, Function<String, List<SignedStatement>> chains) {
    this.device = device;
    this.chains = chains;
  }

  ClientFrame sign(ClientFrame frame) {
    ClientFrame.Builder signed = frame.toBuilder();
    switch (frame.getBodyCase()) {
      case CREATE_CHANNEL -> signed.getCreateChannelBuilder()
          .setStatement(sign(frame.getCreateChannel().getStatement()));
      case OPEN_DIRECT -> signed.getOpenDirectBuilder()
          .setStatement(sign(frame.getOpenDirect().getStatement()));
      case CHANGE_MEMBERSHIP -> signed.getChangeMembershipBuilder()
          .setStatement(sign(frame.getChangeMembership().getStatement()));
      case ARCHIVE_CHANNEL -> signed.getArchiveChannelBuilder()
          .setStatement(sign(frame.getArchiveChannel().getStatement()));
      case TASK_CHANGE -> signed.getTaskChangeBuilder()
          .setTransition(sign(frame.getTaskChange().getTransition()));
      case PUBLISH_KEYS -> {
        if (!frame.getPublishKeys().hasBundle()) {
          signed.getPublishKeysBuilder().setBundle(device.bundle());
        }
      }
      default -> {
        return frame;
      }
    }
    return signed.build();
  }

  private SignedStatement sign(SignedStatement statement) {
    if (!statement.getSignature().isEmpty()) {
      return statement;
    }
    MembershipStatement parsed;
    try {
      parsed = MembershipStatement.parseFrom(statement.getStatement());
    } catch (InvalidProtocolBufferException e) {
      return statement;
    }
    if (parsed.getPreviousHash().isEmpty() && parsed.getIndex() > 0) {
      List<SignedStatement> chain = chains.apply(parsed.getChannelId());
      if (parsed.getIndex() <= chain.size()) {
        parsed = parsed.toBuilder().setPreviousHash(ByteString.copyFrom(
            ChainBytes.linkHash(chain.get((int) parsed.getIndex() - 1)))).build();
      }
    }
    return device.sign(parsed);
  }

  private SignedTransition sign(SignedTransition transition) {
    if (!transition.getSignature().isEmpty()) {
      return transition;
    }
    try {
      return device.sign(TaskTransition.parseFrom(transition.getTransition()));
    } catch (InvalidProtocolBufferException e) {
      return transition;
    }
  }
}
