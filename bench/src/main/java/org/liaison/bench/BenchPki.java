package org.liaison.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.DevPki;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerSpec;

/**
 * The benchmark's PKI: the development PKI made by the real PKI tool (agency CAs, server and audit
 * certificates, trust configuration) plus as many officer certificates as the scenarios need,
 * issued in-process by the agency CAs and kept, keys unencrypted, in one file
 * ({@value #OFFICERS_FILE}) so that thousands load in a second. Benchmark material only: never
 * use these keys for anything else.
 */
public final class BenchPki {
    static final String OFFICERS_FILE = "bench-officers.bin";
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final Duration RENEW_BEFORE = Duration.ofDays(2);
    private static final Set<String> ROLES = Set.of(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR);

    private final DevPki dev;
    private final List<BenchOfficer> officers;

    private BenchPki(DevPki dev, List<BenchOfficer> officers) {
        this.dev = dev;
        this.officers = officers;
    }

    /**
     * Loads the PKI under {@code dir}, generating it and issuing officers until there are at least
     * {@code count}. Officers are spread over the development agencies in turn.
     */
    public static BenchPki ensure(Path dir, int count) throws IOException, GeneralSecurityException {
        DevPki dev = DevPki.ensure(dir, Clock.systemUTC());
        Path file = dir.resolve(OFFICERS_FILE);
        List<BenchOfficer> officers = Files.exists(file) ? read(file) : new ArrayList<>();
        if (!officers.isEmpty() && expiresSoon(officers.get(0))) {
            officers.clear();
        }
        if (officers.size() < count) {
            long start = System.nanoTime();
            int before = officers.size();
            issue(dev, officers, count);
            write(file, officers);
            System.out.printf("issued %d officer certificates in %.1f s%n", count - before,
                    (System.nanoTime() - start) / 1e9);
        }
        return new BenchPki(dev, officers);
    }

    public DevPki dev() {
        return dev;
    }

    /** The first {@code count} officers (at least that many were issued). */
    public List<BenchOfficer> officers(int count) {
        return officers.subList(0, count);
    }

    /** The agency CA certificates, which clients trust to verify key bundles. */
    public List<X509Certificate> agencyCas() {
        return dev.agencyCodes().stream().map(code -> dev.agencyCa(code).certificate()).toList();
    }

    /** The operator CA, which issued the server's certificate. */
    public X509Certificate operatorCa() {
        return dev.operatorCa().certificate();
    }

    /** The officer id of benchmark officer {@code index}: {@code <agency>.bench-<index>}. */
    static String officerId(AgencySpec agency, int index) {
        return agency.officerPrefix() + "bench-" + String.format("%05d", index);
    }

    private static boolean expiresSoon(BenchOfficer officer) {
        return officer.chain().get(0).getNotAfter().toInstant()
                .isBefore(Instant.now().plus(RENEW_BEFORE));
    }

    private static void issue(DevPki dev, List<BenchOfficer> officers, int count) {
        List<CertificateAuthority> cas = DevPki.AGENCIES.stream()
                .map(agency -> dev.agencyCa(agency.code())).toList();
        Instant notBefore = Instant.now().minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE);
        for (int i = officers.size(); i < count; i++) {
            CertificateAuthority ca = cas.get(i % cas.size());
            String id = officerId(ca.agency(), i);
            IssuedIdentity identity = ca.issueOfficer(
                    OfficerSpec.forAgency(ca.agency(), id, ROLES, notBefore, VALIDITY));
            officers.add(new BenchOfficer(id, identity.privateKey(), identity.chain()));
        }
    }

    private static void write(Path file, List<BenchOfficer> officers)
            throws IOException, GeneralSecurityException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(temp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            out.writeInt(officers.size());
            for (BenchOfficer officer : officers) {
                out.writeUTF(officer.officerId());
                writeBytes(out, officer.key().getEncoded());
                out.writeInt(officer.chain().size());
                for (X509Certificate certificate : officer.chain()) {
                    writeBytes(out, certificate.getEncoded());
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<BenchOfficer> read(Path file) throws IOException, GeneralSecurityException {
        KeyFactory keys = KeyFactory.getInstance("EC");
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            int count = in.readInt();
            List<BenchOfficer> officers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(readBytes(in)));
                int length = in.readInt();
                List<X509Certificate> chain = new ArrayList<>(length);
                for (int c = 0; c < length; c++) {
                    chain.add((X509Certificate) certificates.generateCertificate(
                            new java.io.ByteArrayInputStream(readBytes(in))));
                }
                officers.add(new BenchOfficer(id, key, chain));
            }
            return officers;
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
