package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.crypto.TaskRejectedException.Reason;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;

/** Every rule of {@link TaskChain#check}, with certificates from the project's PKI library. */
class TaskChainTest {

    private static final Instant NOW = TestDevices.NOW;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration YEAR = Duration.ofDays(365);
    private static final String CHANNEL = "c-abcdefghijkl";
    private static final String TASK = "t-abcdefghijklmnop";

    private static BundleVerifier verifier;
    private static DeviceCredentials claire;
    private static DeviceCredentials karim;
    private static DeviceCredentials javier;
    private static DeviceCredentials lucia;

    @BeforeAll
    static void pki() {
        CertificateAuthority frPn = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority maDgsn = CertificateAuthority.create(AgencySpec.of("ma-dgsn", "MA", "DGSN"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority esCnp = CertificateAuthority.create(AgencySpec.of("es-cnp", "ES", "CNP"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority untrusted = CertificateAuthority.create(AgencySpec.of("it-ps", "IT", "PS"),
                CLOCK, CertificateAuthority.DEFAULT_CA_VALIDITY);
        verifier = new BundleVerifier(List.of(frPn.certificate(), maDgsn.certificate(), esCnp.certificate()), CLOCK);
        claire = device(frPn.issueOfficerChecked("fr-pn.claire.martin",
                Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), YEAR), "fr-pn.claire.martin");
        karim = device(maDgsn.issueOfficerChecked("ma-dgsn.karim.benali", Set.of(OfficerSpec.OFFICER), YEAR),
                "ma-dgsn.karim.benali");
        javier = device(esCnp.issueOfficerChecked("es-cnp.javier.ruiz", Set.of(OfficerSpec.OFFICER), YEAR),
                "es-cnp.javier.ruiz");
        lucia = device(untrusted.issueOfficerChecked("it-ps.lucia.rossi",
                Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR), YEAR), "it-ps.lucia.rossi");
    }

    private static DeviceCredentials device(IssuedIdentity identity, String officerId) {
        DeviceKeys keys = DeviceKeys.generate();
        var bundle = KeyBundles.bundle(officerId, "laptop", keys, NOW.minus(Duration.ofHours(1)), Duration.ofDays(30));
        return new DeviceCredentials(officerId, "laptop", keys,
                KeyBundles.sign(bundle, identity.privateKey(), identity.chain()));
    }

    private static SignedTransition creation(DeviceCredentials by) {
        return TaskChain.sign(TaskChain.create(TASK, CHANNEL, by, NOW)
                .setAssignee(karim.officerId())
                .setPriority(TaskPriority.TASK_PRIORITY_HIGH)
                .setDueMs(NOW.plus(Duration.ofHours(2)).toEpochMilli())
                .setContentDigest(ByteString.copyFrom(new byte[32]))
                .build(), by);
    }

    private static SignedTransition next(List<SignedTransition> chain, TaskAction action, DeviceCredentials by,
                                         UnaryOperator<TaskTransition.Builder> edit) {
        VerifiedTask head = TaskChain.verify(TASK, chain, verifier, NOW);
        return TaskChain.sign(edit.apply(TaskChain.next(head.head().orElseThrow(), action, by, NOW)).build(), by);
    }

    private static SignedTransition next(List<SignedTransition> chain, TaskAction action, DeviceCredentials by) {
        return next(chain, action, by, UnaryOperator.identity());
    }

    /** Claire creates for Karim, Karim acknowledges, starts, notes and completes. */
    private static List<SignedTransition> lifecycle() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_ACK, karim));
        chain.add(next(chain, TaskAction.TASK_ACTION_START, karim));
        chain.add(next(chain, TaskAction.TASK_ACTION_NOTE, claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_COMPLETE, karim));
        return chain;
    }

    private static void assertRejected(List<SignedTransition> chain, Reason reason, long index, String text) {
        assertThatExceptionOfType(TaskRejectedException.class)
                .isThrownBy(() -> TaskChain.verify(TASK, chain, verifier, NOW))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.index()).isEqualTo(index))
                .withMessageContaining(text);
        VerifiedTask checked = TaskChain.check(TASK, chain, verifier, NOW);
        assertThat(checked.verified()).hasSize((int) index);
        assertThat(checked.rejection()).get().extracting(TaskRejectedException::reason).isEqualTo(reason);
    }

    private static SignedTransition tamper(SignedTransition signed, UnaryOperator<TaskTransition.Builder> edit) {
        TaskTransition changed = edit.apply(TaskChain.parse(signed).toBuilder()).build();
        return signed.toBuilder().setTransition(changed.toByteString()).build();
    }

    @Test
    void aFullLifecycleVerifiesAndGivesTheHeadState() {
        List<SignedTransition> chain = lifecycle();
        VerifiedTask task = TaskChain.verify(TASK, chain, verifier, NOW);

        assertThat(task.isComplete()).isTrue();
        assertThat(task.verified()).hasSize(5);
        assertThat(task.status()).isEqualTo(TaskStatus.TASK_STATUS_DONE);
        assertThat(task.assignee()).isEqualTo("ma-dgsn.karim.benali");
        assertThat(task.priority()).isEqualTo(TaskPriority.TASK_PRIORITY_HIGH);
        assertThat(task.creator()).isEqualTo("fr-pn.claire.martin");
        assertThat(task.channelId()).isEqualTo(CHANNEL);
        assertThat(task.head().orElseThrow().linkHash()).isEqualTo(TaskChain.linkHash(chain.get(4)));
        assertThat(task.verified().get(1).signer().agency()).isEqualTo("ma-dgsn");
    }

    @Test
    void reassigningAndReschedulingChangeMetadataAndTheNewAssigneeActs() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_ASSIGN, claire, t -> t.setAssignee(javier.officerId())));
        long due = NOW.plus(Duration.ofHours(5)).toEpochMilli();
        chain.add(next(chain, TaskAction.TASK_ACTION_RESCHEDULE, claire, t -> t.setDueMs(due)));
        chain.add(next(chain, TaskAction.TASK_ACTION_REJECT, javier));
        chain.add(next(chain, TaskAction.TASK_ACTION_ASSIGN, claire, t -> t.setAssignee(karim.officerId())));
        chain.add(next(chain, TaskAction.TASK_ACTION_START, karim));
        chain.add(next(chain, TaskAction.TASK_ACTION_COMPLETE, karim));
        chain.add(next(chain, TaskAction.TASK_ACTION_REOPEN, claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_CANCEL, claire));

        VerifiedTask task = TaskChain.verify(TASK, chain, verifier, NOW);
        assertThat(task.status()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
        assertThat(task.head().orElseThrow().transition().getDueMs()).isEqualTo(due);
    }

    @Test
    void aTamperedTransitionNoLongerVerifies() {
        List<SignedTransition> chain = lifecycle();
        // The server claims Javier completed it instead of Karim...
        chain.set(4, tamper(chain.get(4), t -> t.setAssignee(javier.officerId())));
        assertRejected(chain, Reason.BAD_SIGNATURE, 4, "does not verify");
    }

    @Test
    void aDroppedTransitionBreaksTheChain() {
        List<SignedTransition> chain = lifecycle();
        chain.remove(2);
        assertRejected(chain, Reason.BROKEN_CHAIN, 2, "claims index 3");
    }

    @Test
    void aReorderedOrReplacedLinkBreaksTheChain() {
        List<SignedTransition> chain = lifecycle();
        // The same steps of another history (signatures are deterministic: change one field of it).
        List<SignedTransition> other = new ArrayList<>(chain.subList(0, 2));
        other.add(next(other, TaskAction.TASK_ACTION_NOTE, claire));
        other.add(next(other, TaskAction.TASK_ACTION_START, karim));
        chain.set(3, other.get(3));
        assertRejected(chain, Reason.BROKEN_CHAIN, 3, "previous hash differs");
    }

    @Test
    void aTransitionOfAnotherTaskIsRefused() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(TaskChain.sign(TaskChain.create("t-zzzzzzzzzzzzzzzz", CHANNEL, claire, NOW)
                .setAssignee(karim.officerId()).build(), claire));
        assertRejected(chain, Reason.WRONG_TASK, 0, "belongs to task 't-zzzzzzzzzzzzzzzz'");
    }

    @Test
    void aTransitionMovedToAnotherChannelIsRefused() {
        List<SignedTransition> chain = lifecycle().subList(0, 1);
        List<SignedTransition> moved = new ArrayList<>(chain);
        TaskTransition.Builder ack = TaskChain.next(TaskChain.verify(TASK, chain, verifier, NOW).head().orElseThrow(),
                TaskAction.TASK_ACTION_ACK, karim, NOW).setChannelId("c-otherchannel");
        moved.add(TaskChain.sign(ack.build(), karim));
        assertRejected(moved, Reason.WRONG_TASK, 1, "names channel 'c-otherchannel'");
    }

    @Test
    void onlyTheAssigneeAcknowledges() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_ACK, javier));
        assertRejected(chain, Reason.NOT_AUTHORISED, 1, "not by the assignee ma-dgsn.karim.benali");
    }

    @ParameterizedTest
    @CsvSource({
        "TASK_ACTION_COMPLETE, TASK_STATUS_DONE",
        "TASK_ACTION_REOPEN, TASK_STATUS_ASSIGNED",
        "TASK_ACTION_CREATE, TASK_STATUS_ASSIGNED"})
    void aTransitionTheStateMachineDoesNotAllowIsRefused(TaskAction action, TaskStatus to) {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        DeviceCredentials actor = TaskChain.isAssigneeAction(action) ? karim : claire;
        chain.add(next(chain, action, actor, t -> t.setTo(to)));
        assertRejected(chain, Reason.ILLEGAL_TRANSITION, 1, "");
    }

    @Test
    void aStatusThatDoesNotFollowThePreviousOneIsRefused() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_START, karim,
                t -> t.setFrom(TaskStatus.TASK_STATUS_ACKNOWLEDGED)));
        assertRejected(chain, Reason.ILLEGAL_TRANSITION, 1, "starts from acknowledged but the task was assigned");
    }

    @Test
    void onlyCreateAssignAndRescheduleChangeMetadata() {
        List<SignedTransition> chain = new ArrayList<>();
        chain.add(creation(claire));
        chain.add(next(chain, TaskAction.TASK_ACTION_NOTE, claire, t -> t.setAssignee(javier.officerId())));
        assertRejected(chain, Reason.ILLEGAL_TRANSITION, 1, "changes the assignee");
    }

    @Test
    void theFirstTransitionMustCreateAndNoOtherMay() {
        List<SignedTransition> first = lifecycle().subList(1, 2);
        assertThat(TaskChain.check(TASK, first, verifier, NOW).rejection()).get()
                .extracting(TaskRejectedException::reason).isIn(Reason.BROKEN_CHAIN, Reason.ILLEGAL_TRANSITION);
        assertRejected(List.of(), Reason.UNSIGNED, 0, "no signed creation");
    }

    @Test
    void aSignerOfAnUntrustedAgencyIsRefused() {
        assertRejected(List.of(creation(lucia)), Reason.SIGNER_REJECTED, 0, "transition 0");
    }

    @Test
    void aSignerWhoIsNotTheActorIsRefused() {
        SignedTransition forged = TaskChain.sign(TaskChain.create(TASK, CHANNEL, claire, NOW)
                .setAssignee(karim.officerId()).build(), karim);
        assertRejected(List.of(forged), Reason.SIGNER_REJECTED, 0, "carries the keys of ma-dgsn.karim.benali");
    }

    @Test
    void aTransitionDatedFarInTheFutureIsRefused() {
        SignedTransition future = TaskChain.sign(TaskChain.create(TASK, CHANNEL, claire, NOW.plus(Duration.ofHours(1)))
                .setAssignee(karim.officerId()).build(), claire);
        assertRejected(List.of(future), Reason.MALFORMED, 0, "dated in the future");
    }

    @Test
    void checkKeepsTheVerifiedPrefixBeforeABreak() {
        List<SignedTransition> chain = lifecycle();
        chain.set(2, tamper(chain.get(2), t -> t.setTimeMs(t.getTimeMs() - 1)));
        VerifiedTask checked = TaskChain.check(TASK, chain, verifier, NOW);
        assertThat(checked.verified()).hasSize(2);
        assertThat(checked.isComplete()).isFalse();
        assertThat(checked.status()).isEqualTo(TaskStatus.TASK_STATUS_ACKNOWLEDGED);
        assertThat(checked.rejection().orElseThrow().index()).isEqualTo(2);
    }

    @Test
    void nextFollowsTheHeadAndResultsFollowTheAction() {
        List<SignedTransition> chain = lifecycle().subList(0, 1);
        VerifiedTransition head = TaskChain.verify(TASK, chain, verifier, NOW).head().orElseThrow();
        TaskTransition ack = TaskChain.next(head, TaskAction.TASK_ACTION_ACK, karim, NOW).build();
        assertThat(ack.getIndex()).isEqualTo(1);
        assertThat(ack.getPreviousHash().toByteArray()).isEqualTo(TaskChain.linkHash(chain.get(0)));
        assertThat(ack.getFrom()).isEqualTo(TaskStatus.TASK_STATUS_ASSIGNED);
        assertThat(ack.getTo()).isEqualTo(TaskStatus.TASK_STATUS_ACKNOWLEDGED);
        assertThat(ack.getAssignee()).isEqualTo(karim.officerId());
        assertThat(ack.getPriority()).isEqualTo(TaskPriority.TASK_PRIORITY_HIGH);
        assertThat(TaskChain.target(TaskAction.TASK_ACTION_ACK, TaskStatus.TASK_STATUS_DONE)).isEmpty();
        assertThat(TaskChain.newTaskId()).matches(TaskChain.TASK_ID);
    }

    @Test
    void theLinkHashCoversTransitionAndSignature() {
        SignedTransition signed = creation(claire);
        byte[] hash = TaskChain.linkHash(signed);
        assertThat(hash).hasSize(32);
        SignedTransition otherSignature = signed.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        assertThat(TaskChain.linkHash(otherSignature)).isNotEqualTo(hash);
        assertThat(TaskChain.signedContent(signed.getTransition().toByteArray()))
                .startsWith("liaison-task-transition-v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
