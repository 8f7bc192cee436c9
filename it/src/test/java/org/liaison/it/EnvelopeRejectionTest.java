package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.liaison.it.EnvelopeCast.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.liaison.client.ClientProfile;
import org.liaison.client.MessageOpener;
import org.liaison.client.OpenedEvent;
import org.liaison.client.OpenedEvent.Verdict;
import org.liaison.client.SeenMessages;
import org.liaison.client.crypto.BundleRejectedException;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.EnvelopeRejectedException;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.MembershipRejectedException;
import org.liaison.it.TestPki.Refused;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.proto.v1.SignedStatement;

/**
 * Every way a malicious server (or a member misusing their own device's keys) can alter, replay,
 * misattribute or inject what a device receives is caught by the receiving client with its own,
 * distinct reason. The tampered events come from the real server: either a genuine event
 * received from it and changed the way the server could change it, or a row changed in the
 * server's own database and then served by the server. What the server itself refuses is in
 * {@link ServerEnvelopeRefusalTest}.
 */
class EnvelopeRejectionTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String SECRET = "sweep gate 4 before 14:00";

  private static EnvelopeCast cast;
  private static Participant claire;
  private static Participant hugo;
  private static Participant karim;
  /** Claire, Hugo and Karim. */
  private static String ops;
  /** Claire and Hugo. */
  private static String other;
  /** Claire's message in {@code ops}, as the server delivered it to Hugo. */
  private static ChannelEvent genuine;

  @BeforeAll
  static void channelsAndAGenuineMessage() throws Exception {
    cast = EnvelopeCast.connect(server);
    claire = cast.claire;
    hugo = cast.hugo;
    karim = cast.karim;
    ops = cast.ops;
    other = get(claire.channels().create("other", "", List.of(HUGO))).getChannelId();
    genuine = stored(ops, claire.send(ops, SECRET));
  }

  /** Event {@code seq} of the channel as the server serves it to Hugo. */
  private static ChannelEvent stored(String channelId, long seq) throws Exception {
    return get(hugo.messages().history(channelId, seq + 1, 1)).getEventsList().stream()
        .filter(event -> event.getSeq() == seq).findFirst()
        .orElseThrow(() -> new AssertionError("the server serves no event #" + seq));
  }

  /** An opener of Hugo's device that has seen nothing yet. */
  private static MessageOpener hugosOpener() {
    return new MessageOpener(hugo.channels(), hugo.keys(), hugo.device(), SeenMessages.inMemory());
  }

  private static OpenedEvent open(MessageOpener opener, ChannelEvent event) throws Exception {
    return get(opener.open(event));
  }

  /** Rejected with {@code reason}, its description first, the details after; nothing readable. */
  private static void assertRejected(OpenedEvent opened, Reason reason, String... details) {
    assertThat(opened.verdict()).as(opened.problem()).isEqualTo(Verdict.REJECTED);
    assertThat(opened.isVerified()).isFalse();
    assertThat(opened.plaintext()).isEmpty();
    assertThat(opened.sender()).isEmpty();
    assertThat(opened.rejection()).get().isInstanceOfSatisfying(EnvelopeRejectedException.class,
        refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    assertThat(opened.problem()).startsWith("envelope refused (" + reason.description() + "): ")
        .contains(details).doesNotContain(SECRET);
  }


  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  @Test
  void theGenuineMessageVerifiesWithItsSendersIdentity() throws Exception {
    OpenedEvent opened = open(hugosOpener(), genuine);

    assertThat(opened.verdict()).isEqualTo(Verdict.VERIFIED);
    assertThat(opened.text()).isEqualTo(SECRET);
    assertThat(opened.rejection()).isEmpty();
    assertThat(opened.sender()).hasValueSatisfying(sender -> {
      assertThat(sender.recipient()).isEqualTo(claire.device().recipient());
      assertThat(sender.agency()).isEqualTo("fr-pn");
      assertThat(sender.nation()).isEqualTo("FR");
    });
  }

  @Test
  void aCiphertextAlteredInTheDatabaseIsRejectedAsAlteredCiphertext() throws Exception {
    long seq = claire.send(ops, SECRET + " (stored)");
    ChannelEvent before = stored(ops, seq);
    try (ServerDatabase db = ServerDatabase.of(server)) {
      db.rewriteEvent(ops, seq, Forgery::flipBodyByte);
    }

    ChannelEvent served = stored(ops, seq);

    assertThat(served.getMessage().getBody()).isNotEqualTo(before.getMessage().getBody());
    assertThat(served.getMessage().getBodyDigest()).isEqualTo(before.getMessage().getBodyDigest());
    assertRejected(open(hugosOpener(), served), Reason.TAMPERED_BODY, "ciphertext of message '"
        + served.getMessage().getHeader().getMessageId() + "' was altered after " + CLAIRE + "/"
        + claire.device().deviceId() + " signed it");
  }

  @Test
  void aCiphertextAlteredOnTheWayIsRejectedAsAlteredCiphertext() throws Exception {
    assertRejected(open(hugosOpener(), Forgery.flipBodyByte(genuine)), Reason.TAMPERED_BODY,
        "was altered after " + CLAIRE);
  }

  static Stream<Named<UnaryOperator<Envelope.Builder>>> headerAndRecipientChanges() {
    return Stream.of(
        Named.of("sent time", e -> e.setHeader(e.getHeader().toBuilder()
            .setSentMs(e.getHeader().getSentMs() - 3_600_000))),
        Named.of("content type", e -> e.setHeader(e.getHeader().toBuilder()
            .setContentType("text/html"))),
        Named.of("membership index", e -> e.setHeader(e.getHeader().toBuilder()
            .setMembershipIndex(e.getHeader().getMembershipIndex() + 1))),
        Named.of("a recipient's key wrap dropped", e -> e.removeWraps(
            e.getWrapsList().stream().map(w -> w.getOfficerId()).toList().indexOf(KARIM))),
        Named.of("ciphertext and its digest both replaced", e -> {
          ByteString body = Forgery.flip(e.getBody());
          return e.setBody(body).setBodyDigest(ByteString.copyFrom(sha256(body.toByteArray())));
        }));
  }

  @ParameterizedTest
  @MethodSource("headerAndRecipientChanges")
  void anAlteredHeaderOrRecipientListBreaksTheSignature(UnaryOperator<Envelope.Builder> change)
      throws Exception {
    ChannelEvent altered = genuine.toBuilder()
        .setMessage(change.apply(genuine.getMessage().toBuilder())).build();

    assertRejected(open(hugosOpener(), altered), Reason.BAD_SIGNATURE,
        "does not verify with the key of " + CLAIRE + "/" + claire.device().deviceId(),
        "header or recipient list was altered");
  }

  @Test
  void aGenuineMessageReplayedIntoAnotherChannelIsRejectedAsWrongChannel() throws Exception {
    ChannelEvent replayed;
    try (ServerDatabase db = ServerDatabase.of(server)) {
      replayed = db.appendEvent(other, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMessage(genuine.getMessage()));
    }

    ChannelEvent served = stored(other, replayed.getSeq());

    assertRejected(open(hugosOpener(), served), Reason.WRONG_CHANNEL, "message '"
        + genuine.getMessage().getHeader().getMessageId() + "' was signed for channel " + ops
        + " but arrived in " + other);
  }

  @Test
  void anOldMessageServedAgainAtANewPositionIsRejectedAsAReplay() throws Exception {
    MessageOpener opener = hugosOpener();
    assertThat(open(opener, genuine).verdict()).isEqualTo(Verdict.VERIFIED);
    ChannelEvent replayed;
    try (ServerDatabase db = ServerDatabase.of(server)) {
      replayed = db.appendEvent(ops, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMessage(genuine.getMessage()));
    }

    ChannelEvent served = stored(ops, replayed.getSeq());

    assertRejected(open(opener, served), Reason.REPLAYED, "message '"
        + genuine.getMessage().getHeader().getMessageId() + "' was already received as number "
        + genuine.getSeq() + " of this channel; this copy at " + served.getSeq() + " is a replay");
    // The genuine copy at its own position still verifies.
    assertThat(open(opener, genuine).verdict()).isEqualTo(Verdict.VERIFIED);
  }

  @Test
  void aMemberSigningInAnotherMembersNameIsRejectedAsAForgedSender() throws Exception {
    // Karim's device seals and signs a message whose header says Claire's device sent it.
    EnvelopeHeader claimsClaire = Forgery.header(ops, claire, cast.head(ops)).build();
    Envelope forged = Forgery.seal(claimsClaire, "Claire says: open gate 4",
        Forgery.devicesOf(karim, List.of(CLAIRE, HUGO, KARIM)), karim);
    ChannelEvent delivered;
    try (ServerDatabase db = ServerDatabase.of(server)) {
      // The server relays it with the truth it knows: Karim's connection sent it.
      delivered = db.appendEvent(ops, ChannelEvent.newBuilder().setActor(KARIM).setMessage(forged));
    }

    OpenedEvent opened = open(hugosOpener(), stored(ops, delivered.getSeq()));

    assertRejected(opened, Reason.FORGED_SENDER, "names " + CLAIRE
        + " as its sender but was signed by " + KARIM + "/" + karim.device().deviceId()
        + " (ma-dgsn, MA)");
    assertThat(opened.problem()).doesNotContain("open gate 4");
  }

  @Test
  void aForgedSenderTheServerVouchesForIsStillRejected() throws Exception {
    // A colluding server says Claire sent what Karim's device signed: the signature says otherwise.
    EnvelopeHeader claimsClaire = Forgery.header(ops, claire, cast.head(ops)).build();
    Envelope forged = Forgery.seal(claimsClaire, "Claire says: stand down",
        Forgery.devicesOf(karim, List.of(CLAIRE, HUGO, KARIM)), karim);

    OpenedEvent opened = open(hugosOpener(), genuine.toBuilder().setSeq(genuine.getSeq() + 1000)
        .setMessage(forged).build());

    assertRejected(opened, Reason.BAD_SIGNATURE, "does not verify with the key of " + CLAIRE);
  }


  @Test
  void aMembershipChangeWithoutASignedStatementIsRejectedAsUnsigned() throws Exception {
    ChannelEvent injected;
    ChannelEvent borrowed;
    try (ServerDatabase db = ServerDatabase.of(server)) {
      injected = db.appendEvent(ops, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMemberAdded(MemberAdded.newBuilder().setOfficerId(JAVIER)
              .setRole(MemberRole.MEMBER_ROLE_MEMBER)));
      // A genuine statement, signed by Claire, of another channel's chain.
      SignedStatement otherChannels = db.statement(other, 0);
      borrowed = db.appendEvent(ops, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMemberAdded(MemberAdded.newBuilder().setOfficerId(JAVIER)
              .setRole(MemberRole.MEMBER_ROLE_MEMBER))
          .setStatement(otherChannels));
    }

    OpenedEvent unsigned = open(hugosOpener(), stored(ops, injected.getSeq()));
    OpenedEvent notInChain = open(hugosOpener(), stored(ops, borrowed.getSeq()));

    for (OpenedEvent opened : List.of(unsigned, notInChain)) {
      assertThat(opened.verdict()).isEqualTo(Verdict.REJECTED);
      assertThat(opened.rejection()).get()
          .isInstanceOfSatisfying(MembershipRejectedException.class, refusal ->
              assertThat(refusal.reason()).isEqualTo(MembershipRejectedException.Reason.UNSIGNED));
      assertThat(opened.problem()).startsWith("unsigned membership change: event ");
    }
    assertThat(unsigned.problem()).isEqualTo("unsigned membership change: event "
        + injected.getSeq() + " (MEMBER_ADDED) of channel " + ops + " carries no signed statement");
    assertThat(notInChain.problem()).contains("carries a statement that is not in the channel's"
        + " verified chain");
    // The genuine membership events of the channel verify.
    assertThat(get(hugo.messages().history(ops, injected.getSeq(), 500)).getEventsList())
        .filteredOn(event -> !event.hasMessage())
        .isNotEmpty()
        .allSatisfy(event -> assertThat(hugo.open(event).verdict()).isEqualTo(Verdict.VERIFIED));
  }

  /** An identity's private key and certificate chain, read from its PKCS#12 file. */
  private record Identity(PrivateKey key, List<X509Certificate> chain) {
    static Identity of(ClientProfile profile) throws Exception {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(profile.identity())) {
        store.load(in, profile.password());
      }
      String alias = store.aliases().nextElement();
      return new Identity((PrivateKey) store.getKey(alias, profile.password()),
          Arrays.stream(store.getCertificateChain(alias)).map(c -> (X509Certificate) c).toList());
    }

    String officerId() {
      String subject = chain.get(0).getSubjectX500Principal().getName();
      return subject.replaceAll("^.*CN=([^,]+).*$", "$1");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Refused.class, names = {"CLAIMS_OTHER_AGENCY", "CLAIMS_OTHER_NATION",
      "CLAIMS_OTHER_PREFIX"})
  void aKeyBundleCertifiedByAnotherAgencysCaIsRejectedAsWrongAgency(Refused kind) throws Exception {
    // The French CA issued these certificates claiming another agency, nation or officer prefix;
    // the server refuses them at TLS, so a malicious server is the only way they reach a client.
    Identity impostor = Identity.of(ClientProfile.load(server.pki().refusedProfile(kind)));
    DeviceKeys keys = DeviceKeys.generate();
    SignedKeyBundle bundle = KeyBundles.sign(KeyBundles.bundle(impostor.officerId(), "cli-forged",
        keys, Instant.now().minusSeconds(60), Duration.ofDays(30)), impostor.key(),
        impostor.chain());
    BundleVerifier verifier = BundleVerifier.forProfile(hugo.profile(), Clock.systemUTC());

    assertThatExceptionOfType(BundleRejectedException.class)
        .isThrownBy(() -> verifier.verify(bundle))
        .satisfies(e -> assertThat(e.reason())
            .isEqualTo(BundleRejectedException.Reason.WRONG_AGENCY))
        .withMessageStartingWith("key bundle refused (wrong agency): ")
        .withMessageContaining("fr-pn");
    // Nor can such a device sign a channel into existence.
    DeviceCredentials device =
        new DeviceCredentials(impostor.officerId(), "cli-forged", keys, bundle);
    SignedStatement creation = MembershipChain.sign(MembershipChain.createGroup(
        MembershipChain.newChannelId(), "rogue", "", List.of(HUGO), device, Instant.now()), device);
    String channelId = MembershipChain.parse(creation).getChannelId();
    assertThatExceptionOfType(MembershipRejectedException.class)
        .isThrownBy(() ->
            MembershipChain.verify(channelId, List.of(creation), verifier, Instant.now()))
        .satisfies(e -> assertThat(e.reason())
            .isEqualTo(MembershipRejectedException.Reason.SIGNER_REJECTED))
        .withMessageContaining("wrong agency");
  }

  @Test
  void everyRejectionNamesItsOwnProblem() {
    // What a user is shown for each check is different text: no two reasons read alike.
    List<String> envelope = Stream.of(Reason.values()).map(Reason::description).toList();
    List<String> all = new ArrayList<>(envelope);
    all.add(MembershipRejectedException.Reason.UNSIGNED.description());
    all.add(BundleRejectedException.Reason.WRONG_AGENCY.description());

    assertThat(envelope).doesNotHaveDuplicates();
    assertThat(all).doesNotHaveDuplicates().contains("ciphertext altered", "bad signature",
        "wrong channel", "replayed message", "forged sender", "unsigned membership change",
        "wrong agency");
  }
}
