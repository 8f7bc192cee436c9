package org.liaison.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;
import org.liaison.client.crypto.EnvelopeRejectedException.Reason;
import org.liaison.client.crypto.TestDevices.Device;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Precedence;

class EnvelopeCryptoTest {

    private static final String TEXT = "اجتماع عند البوابة ٤ الساعة ١٤:٠٠ — réunion porte 4, 14 h";
    private static final byte[] PLAINTEXT = TEXT.getBytes(StandardCharsets.UTF_8);
    private static final Device CLAIRE = TestDevices.device("fr-pn.claire.martin", "laptop");
    private static final Device CLAIRE_PHONE = TestDevices.device("fr-pn.claire.martin", "phone");
    private static final Device KARIM = TestDevices.device("ma-dgsn.karim.benali", "cli-1");
    private static final Device LUCIA = TestDevices.device("es-cnp.lucia.garcia", "cli-2");
    private static final Device MALLORY = TestDevices.device("es-cnp.mallory.x", "cli-3");
    private static final EnvelopeHeader HEADER = EnvelopeHeader.newBuilder()
            .setMessageId("0f6c1d2e-msg")
            .setChannelId("ch-ops-gate4")
            .setSender("fr-pn.claire.martin")
            .setSenderDevice("laptop")
            .setSentMs(TestDevices.NOW.toEpochMilli())
            .setContentType("text/plain; charset=utf-8")
            .setMarkings(org.liaison.markings.Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR,MA,ES",
                    Precedence.PRECEDENCE_PRIORITY))
            .build();

    private final EnvelopeCrypto crypto = new EnvelopeCrypto();

    /** A sealed message together with the header that travels beside it. */
    record Sent(SealedMessage message, EnvelopeHeader header) {
    }

    private static List<VerifiedBundle> bundles(Device... devices) {
        return Stream.of(devices).map(Device::bundle).toList();
    }

    private Sent sendToKarimLuciaAndClairesPhone() {
        return new Sent(crypto.seal(HEADER, PLAINTEXT, bundles(KARIM, LUCIA, CLAIRE_PHONE), CLAIRE.keys()), HEADER);
    }

    private byte[] open(Sent sent, Device me, VerifiedBundle sender) {
        return crypto.open(sent.message(), sent.header(), me.bundle().officerId(), me.bundle().deviceId(), me.keys(),
                sender);
    }

    private void assertRefused(Sent sent, Device me, VerifiedBundle sender, Reason reason) {
        assertThatExceptionOfType(EnvelopeRejectedException.class)
                .isThrownBy(() -> open(sent, me, sender))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(reason))
                .withMessageContaining(reason.description())
                .withMessageNotContaining(TEXT);
    }

    /** The same message with every part the sender signs replaced, and signed again with the sender's key. */
    private static Sent resignedBy(Device sender, EnvelopeHeader header, byte[] nonce, byte[] body, List<RecipientWrap> wraps) {
        byte[] headerBytes = CanonicalHeader.encode(header, wraps.stream().map(RecipientWrap::recipient).toList());
        byte[] signature = sender.keys().sign(EnvelopeCrypto.signedContent(headerBytes, nonce,
                EnvelopeCrypto.digest(body), wraps));
        return new Sent(new SealedMessage(nonce, body, wraps, signature), header);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 50})
    void everyRecipientDeviceOpensTheMessage(int count) {
        List<Device> devices = IntStream.range(0, count)
                .mapToObj(i -> TestDevices.device("ma-dgsn.officer-" + i, "device-" + (i % 3)))
                .toList();

        SealedMessage sealed = crypto.seal(HEADER, PLAINTEXT, devices.stream().map(Device::bundle).toList(), CLAIRE.keys());

        assertThat(sealed.wraps()).hasSize(count);
        assertThat(sealed.recipients()).isSorted().containsExactlyInAnyOrderElementsOf(
                devices.stream().map(Device::recipient).toList());
        assertThat(sealed.nonce()).hasSize(EnvelopeCrypto.NONCE_LENGTH);
        assertThat(sealed.body()).hasSize(PLAINTEXT.length + 16);
        for (Device device : devices) {
            byte[] opened = open(new Sent(sealed, HEADER), device, CLAIRE.bundle());
            assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
    }

    @Test
    void eachSealUsesAFreshContentKeyAndNonce() {
        SealedMessage first = crypto.seal(HEADER, PLAINTEXT, bundles(KARIM), CLAIRE.keys());
        SealedMessage second = crypto.seal(HEADER, PLAINTEXT, bundles(KARIM), CLAIRE.keys());

        assertThat(first.nonce()).isNotEqualTo(second.nonce());
        assertThat(first.body()).isNotEqualTo(second.body());
        assertThat(first.wraps().get(0).enc()).isNotEqualTo(second.wraps().get(0).enc());
        assertThat(first.wraps().get(0).wrappedKey()).hasSize(EnvelopeCrypto.CONTENT_KEY_LENGTH + 16);
    }

    @Test
    void wrapsFollowTheCanonicalOrderWhateverTheCallersOrder() {
        List<VerifiedBundle> shuffled = new ArrayList<>(bundles(LUCIA, KARIM, CLAIRE_PHONE, CLAIRE));
        Collections.reverse(shuffled);

        SealedMessage sealed = crypto.seal(HEADER, PLAINTEXT, shuffled, CLAIRE.keys());

        assertThat(sealed.recipients()).containsExactly(LUCIA.recipient(), CLAIRE.recipient(),
                CLAIRE_PHONE.recipient(), KARIM.recipient());
    }

    @Test
    void senderReadsItOnItsOtherDevice() {
        assertThat(open(sendToKarimLuciaAndClairesPhone(), CLAIRE_PHONE, CLAIRE.bundle())).isEqualTo(PLAINTEXT);
    }

    static Stream<Named<UnaryOperator<Sent>>> serverTamperings() {
        return Stream.of(
                Named.of("channel changed (replay into another channel)", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setChannelId("ch-other").build())),
                Named.of("time changed", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setSentMs(sent.header().getSentMs() + 1).build())),
                Named.of("content type changed", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setContentType("text/html").build())),
                Named.of("message id changed", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setMessageId("other-id").build())),
                Named.of("body byte flipped and its digest recomputed",
                        sent -> with(sent, flip(sent.message().body()), null, null, null)),
                Named.of("body truncated and its digest recomputed", sent -> with(sent, new byte[0], null, null, null)),
                Named.of("body digest flipped", sent -> new Sent(new SealedMessage(sent.message().nonce(),
                        sent.message().body(), flip(sent.message().bodyDigest()), sent.message().wraps(),
                        sent.message().signature()), sent.header())),
                Named.of("classification lowered", sent -> new Sent(sent.message(), sent.header().toBuilder()
                        .setMarkings(sent.header().getMarkings().toBuilder()
                                .setClassification(Classification.CLASSIFICATION_UNCLASSIFIED)).build())),
                Named.of("released to all", sent -> new Sent(sent.message(), sent.header().toBuilder()
                        .setMarkings(sent.header().getMarkings().toBuilder().clearReleasableTo()
                                .setReleasableToAll(true)).build())),
                Named.of("a releasable nation added", sent -> new Sent(sent.message(), sent.header().toBuilder()
                        .setMarkings(sent.header().getMarkings().toBuilder().clearReleasableTo()
                                .addAllReleasableTo(List.of("DE", "ES", "FR", "MA"))).build())),
                Named.of("precedence changed", sent -> new Sent(sent.message(), sent.header().toBuilder()
                        .setMarkings(sent.header().getMarkings().toBuilder()
                                .setPrecedence(Precedence.PRECEDENCE_FLASH)).build())),
                Named.of("membership index changed", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setMembershipIndex(sent.header().getMembershipIndex() + 1).build())),
                Named.of("sender changed", sent -> new Sent(sent.message(),
                        sent.header().toBuilder().setSender("es-cnp.mallory.x").build())),
                Named.of("nonce flipped", sent -> with(sent, null, flip(sent.message().nonce()), null, null)),
                Named.of("signature flipped", sent -> with(sent, null, null, null, flip(sent.message().signature()))),
                Named.of("wrap enc flipped", sent -> with(sent, null, null, replaceFirstWrap(sent, true), null)),
                Named.of("wrapped key flipped", sent -> with(sent, null, null, replaceFirstWrap(sent, false), null)),
                Named.of("a wrap removed", sent -> with(sent, null, null, sent.message().wraps().subList(1, 3), null)),
                Named.of("wraps reordered", sent -> {
                    List<RecipientWrap> reordered = new ArrayList<>(sent.message().wraps());
                    Collections.swap(reordered, 0, 1);
                    return with(sent, null, null, reordered, null);
                }),
                Named.of("a wrap added for another device", sent -> {
                    List<RecipientWrap> added = new ArrayList<>(sent.message().wraps());
                    WrappedKey forMallory = Hpke.seal(MALLORY.keys().encryptionPublicKey(), new byte[0], new byte[0],
                            new byte[32]);
                    added.add(new RecipientWrap(MALLORY.bundle().officerId(), MALLORY.bundle().deviceId(),
                            forMallory.enc(), forMallory.ciphertext()));
                    return with(sent, null, null, added, null);
                }));
    }

    @ParameterizedTest
    @MethodSource("serverTamperings")
    void anythingTheServerChangesBreaksTheSignature(UnaryOperator<Sent> tampering) {
        Sent tampered = tampering.apply(sendToKarimLuciaAndClairesPhone());

        assertRefused(tampered, KARIM, CLAIRE.bundle(), Reason.BAD_SIGNATURE);
    }

    @Test
    void markingsStrippedOrMangledInTransitAreRefusedBeforeDecrypting() {
        Sent sent = sendToKarimLuciaAndClairesPhone();
        Sent stripped = new Sent(sent.message(), sent.header().toBuilder().clearMarkings().build());
        Sent unsorted = new Sent(sent.message(), sent.header().toBuilder().setMarkings(sent.header().getMarkings()
                .toBuilder().clearReleasableTo().addAllReleasableTo(List.of("MA", "FR", "ES"))).build());

        assertRefused(stripped, KARIM, CLAIRE.bundle(), Reason.MALFORMED);
        assertRefused(unsorted, KARIM, CLAIRE.bundle(), Reason.MALFORMED);
        assertThat(crypto.signedBy(stripped.message(), stripped.header(), CLAIRE.bundle())).isFalse();
    }

    @Test
    void sealingRefusesAHeaderWithoutMarkings() {
        EnvelopeHeader unmarked = HEADER.toBuilder().clearMarkings().build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> crypto.seal(unmarked, PLAINTEXT, bundles(KARIM), CLAIRE.keys()))
                .withMessageContaining("no markings");
    }

    static Stream<Named<UnaryOperator<byte[]>>> bodyTamperings() {
        return Stream.of(
                Named.of("a byte flipped", EnvelopeCryptoTest::flip),
                Named.of("truncated", body -> java.util.Arrays.copyOf(body, body.length - 1)),
                Named.of("emptied", body -> new byte[0]),
                Named.of("a byte appended", body -> java.util.Arrays.copyOf(body, body.length + 1)));
    }

    @ParameterizedTest
    @MethodSource("bodyTamperings")
    void aCiphertextAlteredAfterSigningIsToldApartFromAnAlteredHeader(UnaryOperator<byte[]> tampering) {
        // What a server that rewrites stored bodies produces: the signed digest travels unchanged.
        Sent sent = sendToKarimLuciaAndClairesPhone();
        SealedMessage m = sent.message();
        Sent tampered = new Sent(new SealedMessage(m.nonce(), tampering.apply(m.body()), m.bodyDigest(), m.wraps(),
                m.signature()), sent.header());

        assertRefused(tampered, KARIM, CLAIRE.bundle(), Reason.TAMPERED_BODY);
        assertThatExceptionOfType(EnvelopeRejectedException.class)
                .isThrownBy(() -> open(tampered, KARIM, CLAIRE.bundle()))
                .withMessageContaining("ciphertext altered")
                .withMessageContaining("was altered after fr-pn.claire.martin/laptop signed it");
        assertThatExceptionOfType(EnvelopeRejectedException.class)
                .isThrownBy(() -> crypto.verify(tampered.message(), tampered.header(), CLAIRE.bundle()))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED_BODY));
    }

    @Test
    void theSignedDigestTravelsInTheEnvelope() {
        SealedMessage sealed = sendToKarimLuciaAndClairesPhone().message();

        assertThat(sealed.bodyDigest()).isEqualTo(EnvelopeCrypto.digest(sealed.body())).hasSize(32);
        assertThat(Envelopes.fromProto(Envelopes.toProto(HEADER, sealed))).isEqualTo(sealed);
        assertThat(Envelopes.toProto(HEADER, sealed).getBodyDigest().toByteArray()).isEqualTo(sealed.bodyDigest());
    }

    @Test
    void signatureIsCheckedBeforeAnythingElse() {
        Sent sent = sendToKarimLuciaAndClairesPhone();
        SealedMessage m = sent.message();
        Sent tampered = new Sent(new SealedMessage(m.nonce(), flip(m.body()), m.bodyDigest(), m.wraps(),
                flip(m.signature())), sent.header());

        assertRefused(tampered, MALLORY, CLAIRE.bundle(), Reason.BAD_SIGNATURE);
    }

    @Test
    void anotherDeviceCannotPassItselfOffAsTheSender() {
        Sent forged = new Sent(crypto.seal(HEADER, PLAINTEXT, bundles(KARIM), MALLORY.keys()), HEADER);

        assertRefused(forged, KARIM, CLAIRE.bundle(), Reason.BAD_SIGNATURE);
        assertRefused(forged, KARIM, MALLORY.bundle(), Reason.SENDER_MISMATCH);
    }

    @Test
    void headerMustNameTheSigningDevice() {
        Sent fromPhoneClaimingLaptop = new Sent(crypto.seal(HEADER, PLAINTEXT, bundles(KARIM), CLAIRE_PHONE.keys()), HEADER);

        assertRefused(fromPhoneClaimingLaptop, KARIM, CLAIRE_PHONE.bundle(), Reason.SENDER_MISMATCH);
    }

    @Test
    void aDeviceOutsideTheRecipientListCannotOpen() {
        Sent sent = sendToKarimLuciaAndClairesPhone();
        Device karimsOtherDevice = TestDevices.device("ma-dgsn.karim.benali", "tablet");

        assertRefused(sent, MALLORY, CLAIRE.bundle(), Reason.NOT_A_RECIPIENT);
        assertRefused(sent, karimsOtherDevice, CLAIRE.bundle(), Reason.NOT_A_RECIPIENT);
        assertRefused(sent, CLAIRE, CLAIRE.bundle(), Reason.NOT_A_RECIPIENT);
    }

    @Test
    void aRecipientsWrapDoesNotOpenWithAnotherDevicesKeys() {
        Device impostor = new Device(LUCIA.keys(), KARIM.bundle());

        assertRefused(sendToKarimLuciaAndClairesPhone(), impostor, CLAIRE.bundle(), Reason.TAMPERED_HEADER);
    }

    @Test
    void headerChangedAndResignedBySenderFailsTheKeyWrap() {
        SealedMessage original = sendToKarimLuciaAndClairesPhone().message();
        EnvelopeHeader otherChannel = HEADER.toBuilder().setChannelId("ch-other").build();

        Sent resigned = resignedBy(CLAIRE, otherChannel, original.nonce(), original.body(), original.wraps());

        assertRefused(resigned, KARIM, CLAIRE.bundle(), Reason.TAMPERED_HEADER);
    }

    @Test
    void bodyChangedAndResignedBySenderFailsDecryption() {
        SealedMessage original = sendToKarimLuciaAndClairesPhone().message();

        Sent resigned = resignedBy(CLAIRE, HEADER, original.nonce(), flip(original.body()), original.wraps());

        // Signed as it is, so it passes the digest check; it still does not decrypt.
        assertThat(crypto.verify(resigned.message(), HEADER, CLAIRE.bundle())).isNotEmpty();
        assertRefused(resigned, KARIM, CLAIRE.bundle(), Reason.TAMPERED_BODY);
    }

    @Test
    void malformedStructuresAreRefused() {
        SealedMessage original = sendToKarimLuciaAndClairesPhone().message();
        List<RecipientWrap> duplicated = new ArrayList<>(original.wraps());
        duplicated.add(original.wraps().get(0));

        assertRefused(with(new Sent(original, HEADER), null, null, duplicated, null), KARIM, CLAIRE.bundle(),
                Reason.MALFORMED);
        assertRefused(with(new Sent(original, HEADER), null, null, List.of(), null), KARIM, CLAIRE.bundle(),
                Reason.MALFORMED);
        assertRefused(resignedBy(CLAIRE, HEADER, new byte[16], original.body(), original.wraps()), KARIM,
                CLAIRE.bundle(), Reason.MALFORMED);
    }

    @Test
    void sealingNeedsDistinctRecipients() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> crypto.seal(HEADER, PLAINTEXT, List.of(), CLAIRE.keys()))
                .withMessageContaining("at least one recipient");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> crypto.seal(HEADER, PLAINTEXT, bundles(KARIM, KARIM), CLAIRE.keys()))
                .withMessageContaining("appears twice");
    }

    @Test
    void worksEndToEndWithBundlesVerifiedAgainstTheAgencyCas() {
        Clock clock = Clock.fixed(TestDevices.NOW, ZoneOffset.UTC);
        CertificateAuthority frPn = CertificateAuthority.create(AgencySpec.of("fr-pn", "FR", "Police nationale"), clock,
                CertificateAuthority.DEFAULT_CA_VALIDITY);
        CertificateAuthority maDgsn = CertificateAuthority.create(AgencySpec.of("ma-dgsn", "MA", "DGSN"), clock,
                CertificateAuthority.DEFAULT_CA_VALIDITY);
        IssuedIdentity claire = frPn.issueOfficerChecked("fr-pn.claire.martin", Set.of(OfficerSpec.OFFICER),
                Duration.ofDays(365));
        IssuedIdentity karim = maDgsn.issueOfficerChecked("ma-dgsn.karim.benali", Set.of(OfficerSpec.OFFICER),
                Duration.ofDays(365));
        BundleVerifier verifier = new BundleVerifier(List.of(frPn.certificate(), maDgsn.certificate()), clock);
        DeviceKeys claireKeys = DeviceKeys.generate();
        DeviceKeys karimKeys = DeviceKeys.generate();
        VerifiedBundle claireLaptop = verifier.verify(KeyBundles.sign(KeyBundles.bundle("fr-pn.claire.martin", "laptop",
                claireKeys, TestDevices.NOW, Duration.ofDays(30)), claire.privateKey(), claire.chain()));
        VerifiedBundle karimCli = verifier.verify(KeyBundles.sign(KeyBundles.bundle("ma-dgsn.karim.benali", "cli-1",
                karimKeys, TestDevices.NOW, Duration.ofDays(30)), karim.privateKey(), karim.chain()));

        SealedMessage sealed = crypto.seal(HEADER, PLAINTEXT, List.of(karimCli, claireLaptop), claireKeys);

        assertThat(crypto.open(sealed, HEADER, "ma-dgsn.karim.benali", "cli-1", karimKeys, claireLaptop))
                .isEqualTo(PLAINTEXT);
        assertThat(crypto.open(sealed, HEADER, "fr-pn.claire.martin", "laptop", claireKeys, claireLaptop))
                .isEqualTo(PLAINTEXT);
    }

    private static Sent with(Sent sent, byte[] body, byte[] nonce, List<RecipientWrap> wraps, byte[] signature) {
        SealedMessage m = sent.message();
        return new Sent(new SealedMessage(nonce != null ? nonce : m.nonce(), body != null ? body : m.body(),
                wraps != null ? wraps : m.wraps(), signature != null ? signature : m.signature()), sent.header());
    }

    private static List<RecipientWrap> replaceFirstWrap(Sent sent, boolean flipEnc) {
        List<RecipientWrap> wraps = new ArrayList<>(sent.message().wraps());
        RecipientWrap first = wraps.get(0);
        wraps.set(0, new RecipientWrap(first.officerId(), first.deviceId(), flipEnc ? flip(first.enc()) : first.enc(),
                flipEnc ? first.wrappedKey() : flip(first.wrappedKey())));
        return wraps;
    }

    private static byte[] flip(byte[] bytes) {
        byte[] flipped = bytes.clone();
        flipped[flipped.length / 2] ^= 0x01;
        return flipped;
    }
}
