package org.liaison.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for the client module's tests: an operator CA with a server
 * certificate for {@code localhost}, and an agency CA with one officer
 * certificate; ECDSA P-256 like the real one. It writes officer profiles and
 * gives the {@link MisbehavingServer} its certificates, including impostor ones
 * (another host name, another CA). The tests against the real server use the
 * real PKI tool instead, in the {@code it} module.
 */
public final class TestPki {

    /** A key pair and its certificate. */
    public record Issued(KeyPair keyPair, X509Certificate certificate) {
    }

    public static final String OFFICER_ID = "ma-dgsn.karim.benali";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Issued serverCa;
    private final Issued server;
    private final Issued agencyCa;
    private final Issued officer;

    private TestPki(Issued serverCa, Issued server, Issued agencyCa, Issued officer) {
        this.serverCa = serverCa;
        this.server = server;
        this.agencyCa = agencyCa;
        this.officer = officer;
    }

    /** A fresh PKI whose server certificate names {@code localhost} and 127.0.0.1. */
    public static TestPki create() {
        Issued serverCa = ca("CN=Test Operator CA, O=operator, C=FR");
        Issued agencyCa = ca("CN=Test DGSN CA, O=ma-dgsn, C=MA");
        return new TestPki(serverCa, serverFor(serverCa, "localhost"), agencyCa,
                issue(agencyCa, "CN=" + OFFICER_ID + ", OU=officer, O=ma-dgsn, C=MA", false, List.of()));
    }

    /** This PKI, but the server presents a certificate naming {@code dnsName} instead of localhost. */
    public TestPki withServerNamed(String dnsName) {
        return new TestPki(serverCa, serverFor(serverCa, dnsName), agencyCa, officer);
    }

    /** This PKI, but the server's certificate comes from a CA the client does not trust. */
    public TestPki withServerFromForeignCa() {
        Issued foreign = ca("CN=Foreign CA, O=foreign, C=XX");
        return new TestPki(serverCa, serverFor(foreign, "localhost"), agencyCa, officer);
    }

    /** The operator CA: it signs the server's certificate and the audit certificate. */
    public X509Certificate operatorCa() {
        return serverCa.certificate();
    }

    /**
     * A new audit signing certificate from the operator CA, as the PKI tool issues it:
     * digitalSignature only, no extended key usage, valid from {@code notBefore} to {@code notAfter}.
     */
    public Issued issueAudit(Instant notBefore, Instant notAfter) {
        KeyPair keys = ecKeyPair();
        try {
            X500Name issuer = X500Name.getInstance(serverCa.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=liaison-audit, O=liaison-ops"), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            return new Issued(keys, sign(builder, serverCa.keyPair()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new audit signing certificate from the operator CA, valid for a day around now. */
    public Issued issueAudit() {
        Instant now = Instant.now();
        return issueAudit(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /**
     * Another officer of the agency CA ({@code ma-dgsn}, MA) with these roles ({@code OU}) and a
     * clearance extension naming {@code clearance}: to sign key bundles and statements as them.
     */
    public Issued issueOfficer(String officerId, String role, org.liaison.proto.v1.Classification clearance) {
        KeyPair keys = ecKeyPair();
        try {
            X500Name issuer = X500Name.getInstance(agencyCa.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = builder(issuer,
                    new X500Name("CN=" + officerId + ", OU=" + role + ", O=ma-dgsn, C=MA"), keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(org.liaison.markings.Clearance.OID),
                            false, org.liaison.markings.Clearance.extensionValue(clearance));
            return new Issued(keys, sign(builder, agencyCa.keyPair()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The agency CA's certificate (the profile trusts it for key bundles). */
    public X509Certificate agencyCa() {
        return agencyCa.certificate();
    }

    /** The server's TLS 1.3 context: its own certificate, client certificates from the agency CA only. */
    public SSLContext serverContext() {
        try {
            char[] password = "server".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.keyPair().getPrivate(), password,
                    new X509Certificate[] {server.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client-ca", agencyCa.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a complete officer profile to {@code dir}, as the PKI tool does.
     *
     * @return {@code dir}
     */
    public Path writeProfile(Path dir, String server, String password) throws IOException {
        Files.createDirectories(dir);
        writePkcs12(dir.resolve("identity.p12"), password.toCharArray());
        Files.writeString(dir.resolve("identity.pass"), password + "\n");
        Files.writeString(dir.resolve("server-ca.pem"), pem(serverCa.certificate()));
        Files.writeString(dir.resolve("agency-cas.pem"), pem(agencyCa.certificate()));
        Files.writeString(dir.resolve("liaison.properties"), String.join("\n",
                "server=" + server,
                "identity=identity.p12",
                "password-file=identity.pass",
                "server-ca=server-ca.pem",
                "agency-cas=agency-cas.pem",
                ""), StandardCharsets.UTF_8);
        return dir;
    }

    /** Writes the officer's key and chain as a PKCS#12 file with alias {@code identity}. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", officer.keyPair().getPrivate(), password,
                    new X509Certificate[] {officer.certificate(), agencyCa.certificate()});
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of the certificates. */
    public static String pem(X509Certificate... certificates) {
        StringWriter out = new StringWriter();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                out.write("-----BEGIN CERTIFICATE-----\n");
                out.write(encoder.encodeToString(certificate.getEncoded()));
                out.write("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static Issued serverFor(Issued ca, String dnsName) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, dnsName));
        if (dnsName.equals("localhost")) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }
        return issue(ca, "CN=" + dnsName + ", O=operator, C=FR", true, names);
    }

    private static Issued ca(String dn) {
        KeyPair keys = ecKeyPair();
        try {
            X509v3CertificateBuilder builder = builder(new X500Name(dn), new X500Name(dn), keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Issued(keys, sign(builder, keys));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued issue(Issued ca, String dn, boolean serverAuth, List<GeneralName> names) {
        KeyPair keys = ecKeyPair();
        try {
            X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = builder(issuer, new X500Name(dn), keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            serverAuth ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(keys, sign(builder, ca.keyPair()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
