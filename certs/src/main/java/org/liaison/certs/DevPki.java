package org.liaison.certs;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.liaison.proto.v1.Classification;

/**
 * The development PKI: an operator CA, three agency CAs, a server certificate for this machine, a
 * trust configuration and six officer profiles, all unencrypted or with generated passwords, for
 * development and tests only.
 *
 * <pre>
 * D/operator/            operator CA (liaison-ops, FR)
 * D/agencies/&lt;code&gt;/     agency CAs: fr-pn (FR), ma-dgsn (MA), es-cnp (ES)
 * D/server/cert.pem      server certificate followed by the operator CA certificate
 * D/server/key.pem       server key, PKCS#8, unencrypted, mode 0600
 * D/audit/cert.pem       audit signing certificate (signs audit checkpoints) + operator CA
 * D/audit/key.pem        audit key (ECDSA P-256), PKCS#8, unencrypted, mode 0600
 * D/trust.properties     the three agencies (written last: its presence means the PKI is complete)
 * D/officers/&lt;id&gt;/       one profile per {@linkplain #officerIds() dev officer}
 * </pre>
 *
 * <p>Generation and loading hold a lock (in this JVM and on {@code D/.lock} across processes), so
 * concurrent {@link #ensure} calls produce one PKI.
 */
public final class DevPki {

    /** Where the project keeps its development PKI (relative to the project root). */
    public static final Path DEFAULT_DIR = Path.of("certs", "dev");
    /** nextUpdate of the development CRLs. */
    public static final Duration DEV_CRL_VALIDITY = Duration.ofDays(365);
    /** The operator CA's agency. */
    public static final AgencySpec OPERATOR = AgencySpec.of(CertificateAuthority.OPERATOR_CODE, "FR", "Liaison Operator");
    /** The development agencies. */
    public static final List<AgencySpec> AGENCIES = List.of(
            AgencySpec.of("fr-pn", "FR", "Police nationale"),
            AgencySpec.of("ma-dgsn", "MA", "Direction Générale de la Sûreté Nationale"),
            AgencySpec.of("es-cnp", "ES", "Cuerpo Nacional de Policía"));

    private static final Map<String, Set<String>> OFFICERS = devOfficers();
    private static final Map<String, Classification> CLEARANCES = Map.of(
            "fr-pn.claire.martin", Classification.CLASSIFICATION_SECRET,
            "fr-pn.hugo.lefevre", Classification.CLASSIFICATION_RESTRICTED,
            "ma-dgsn.karim.benali", Classification.CLASSIFICATION_CONFIDENTIAL,
            "ma-dgsn.nadia.elamrani", Classification.CLASSIFICATION_SECRET,
            "es-cnp.lucia.garcia", Classification.CLASSIFICATION_SECRET,
            "es-cnp.javier.ruiz", Classification.CLASSIFICATION_RESTRICTED);
    private static final String TRUST_FILE = "trust.properties";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final Clock clock;
    private final boolean generatedNow;

    private DevPki(Path dir, Clock clock, boolean generatedNow) {
        this.dir = dir;
        this.clock = clock;
        this.generatedNow = generatedNow;
    }

    /**
     * Generates the development PKI in {@code dir} if {@code dir/trust.properties} does not exist
     * (replacing the leftovers of an interrupted generation), otherwise loads it without changing
     * a byte.
     *
     * @throws PkiException if an existing PKI lacks a file it needs
     */
    public static DevPki ensure(Path dir, Clock clock) {
        return locked(dir, () -> {
            DevPki pki = new DevPki(dir, clock, false);
            if (Files.exists(pki.trustConfig())) {
                pki.checkComplete();
                pki.addAuditKeyIfMissing();
                return pki;
            }
            return generateUnlocked(dir, clock, true);
        });
    }

    /**
     * Generates the development PKI in {@code dir}.
     *
     * @param force whether to replace an existing one
     * @throws PkiException if one exists (or a CA key or profile is in the way) and {@code force} is false
     */
    public static DevPki generate(Path dir, Clock clock, boolean force) {
        return locked(dir, () -> {
            if (!force && Files.exists(dir.resolve(TRUST_FILE))) {
                throw new PkiException("development PKI already present at " + dir + " (use --force to regenerate)");
            }
            return generateUnlocked(dir, clock, force);
        });
    }

    /** The root directory. */
    public Path dir() {
        return dir;
    }

    /** The server's trust configuration. */
    public Path trustConfig() {
        return dir.resolve(TRUST_FILE);
    }

    /** The server certificate followed by the operator CA certificate. */
    public Path serverCertChain() {
        return dir.resolve("server").resolve("cert.pem");
    }

    /** The server's unencrypted PKCS#8 key. */
    public Path serverKey() {
        return dir.resolve("server").resolve("key.pem");
    }

    /** The audit signing certificate followed by the operator CA certificate. */
    public Path auditCertificate() {
        return dir.resolve("audit").resolve("cert.pem");
    }

    /** The audit signing key (unencrypted PKCS#8): signs the audit log's checkpoints. */
    public Path auditKey() {
        return dir.resolve("audit").resolve("key.pem");
    }

    /** The operator CA certificate (what clients verify the server against). */
    public Path operatorCaCertificate() {
        return operatorDir().resolve(CertificateAuthority.CA_CERTIFICATE_FILE);
    }

    /** The operator CA directory. */
    public Path operatorDir() {
        return dir.resolve("operator");
    }

    /** The CA directory of agency {@code code}. */
    public Path agencyDir(String code) {
        if (!code.matches(AgencySpec.CODE_REGEX)) {
            throw new IllegalArgumentException("invalid agency code '" + code + "'");
        }
        return dir.resolve("agencies").resolve(code);
    }

    /** The profile directory of {@code officerId} (any well-formed id, dev officer or not). */
    public Path profile(String officerId) {
        if (!OfficerSpec.isValidOfficerId(officerId)) {
            throw new IllegalArgumentException("invalid officer id '" + officerId + "'");
        }
        return dir.resolve("officers").resolve(officerId);
    }

    /** The ids of the development officers, in a fixed order. */
    public List<String> officerIds() {
        return List.copyOf(OFFICERS.keySet());
    }

    /** The roles of a development officer. */
    public Set<String> roles(String officerId) {
        return Optional.ofNullable(OFFICERS.get(officerId))
                .orElseThrow(() -> new IllegalArgumentException("not a development officer: " + officerId));
    }

    /**
     * The clearance written into a development officer's certificate: two clearances in each of
     * the three nations, so that markings can be tried with the development PKI.
     */
    public Classification clearance(String officerId) {
        return Optional.ofNullable(CLEARANCES.get(officerId))
                .orElseThrow(() -> new IllegalArgumentException("not a development officer: " + officerId));
    }

    /** The codes of the development agencies. */
    public List<String> agencyCodes() {
        return AGENCIES.stream().map(AgencySpec::code).toList();
    }

    /** Whether this call generated the PKI (false when it was already there). */
    public boolean generatedNow() {
        return generatedNow;
    }

    /** Loads the CA of agency {@code code} from disk, with this PKI's clock. */
    public CertificateAuthority agencyCa(String code) {
        return CertificateAuthority.load(agencyDir(code), null, clock);
    }

    /** Loads the operator CA from disk, with this PKI's clock. */
    public CertificateAuthority operatorCa() {
        return CertificateAuthority.load(operatorDir(), null, clock);
    }

    private static DevPki generateUnlocked(Path dir, Clock clock, boolean force) {
        DevPki pki = new DevPki(dir, clock, true);
        // trust.properties marks a complete PKI, so it goes first and comes back last
        deleteIfExists(pki.trustConfig());
        CertificateAuthority operator = CertificateAuthority.create(OPERATOR, clock, CertificateAuthority.DEFAULT_CA_VALIDITY);
        operator.save(pki.operatorDir(), null, force);
        Map<String, CertificateAuthority> agencies = new LinkedHashMap<>();
        List<TrustEntry> trust = new ArrayList<>();
        for (AgencySpec agency : AGENCIES) {
            CertificateAuthority ca = CertificateAuthority.create(agency, clock, CertificateAuthority.DEFAULT_CA_VALIDITY);
            ca.save(pki.agencyDir(agency.code()), null, force);
            agencies.put(agency.code(), ca);
            trust.add(TrustEntry.fromCaDirectory(pki.agencyDir(agency.code())));
        }
        operator.issueServer(serverDnsNames(), List.of("127.0.0.1", "::1"), CertificateAuthority.DEFAULT_SERVER_VALIDITY)
                .writePem(pki.serverCertChain(), pki.serverKey(), null);
        operator.issueAudit(CertificateAuthority.DEFAULT_SERVER_VALIDITY)
                .writePem(pki.auditCertificate(), pki.auditKey(), null);
        List<X509Certificate> agencyCas = agencies.values().stream().map(CertificateAuthority::certificate).toList();
        OFFICERS.forEach((officerId, roles) -> {
            CertificateAuthority ca = agencies.values().stream()
                    .filter(candidate -> candidate.agency().ownsOfficerId(officerId)).findFirst().orElseThrow();
            IssuedIdentity identity = ca.issueOfficerChecked(officerId, roles, CLEARANCES.get(officerId),
                    CertificateAuthority.DEFAULT_OFFICER_VALIDITY);
            OfficerProfiles.write(pki.profile(officerId), identity, null, operator.certificate(), agencyCas,
                    OfficerProfiles.DEFAULT_SERVER_ADDRESS, force);
        });
        operator.publishCrl(DEV_CRL_VALIDITY);
        agencies.values().forEach(ca -> ca.publishCrl(DEV_CRL_VALIDITY));
        TrustConfigFile.write(pki.trustConfig(), trust);
        return pki;
    }

    /** A PKI generated before audit keys existed gets one from its operator CA. */
    private void addAuditKeyIfMissing() {
        if (Files.exists(auditCertificate()) && Files.exists(auditKey())) {
            return;
        }
        CertificateAuthority.load(operatorDir(), null, clock)
                .issueAudit(CertificateAuthority.DEFAULT_SERVER_VALIDITY)
                .writePem(auditCertificate(), auditKey(), null);
    }

    private void checkComplete() {
        List<Path> needed = new ArrayList<>(List.of(operatorCaCertificate(), serverCertChain(), serverKey()));
        agencyCodes().forEach(code -> needed.add(agencyDir(code).resolve(CertificateAuthority.CRL_FILE)));
        officerIds().forEach(id -> needed.add(profile(id).resolve(OfficerProfiles.IDENTITY_FILE)));
        for (Path file : needed) {
            if (!Files.exists(file)) {
                throw new PkiException("incomplete development PKI at " + dir + ": " + file
                        + " is missing (run dev-init --force to regenerate)");
            }
        }
    }

    /** localhost and this machine's host name, read without a DNS query where possible. */
    static List<String> serverDnsNames() {
        List<String> names = new ArrayList<>(List.of("localhost"));
        hostName().map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> HOST_NAME.matcher(name).matches() && !names.contains(name))
                .ifPresent(names::add);
        return names;
    }

    private static Optional<String> hostName() {
        Path kernelHostName = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernelHostName)) {
                return Optional.of(Files.readString(kernelHostName).strip()).filter(s -> !s.isEmpty());
            }
        } catch (IOException e) {
            // fall through to the other sources
        }
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment == null) {
            fromEnvironment = System.getenv("COMPUTERNAME");
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static DevPki locked(Path dir, Supplier<DevPki> action) {
        synchronized (JVM_LOCK) {
            PkiFiles.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    return action.get();
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new PkiException("cannot lock " + dir.resolve(".lock") + ": " + e.getMessage(), e);
            }
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new PkiException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Set<String>> devOfficers() {
        Map<String, Set<String>> officers = new LinkedHashMap<>();
        officers.put("fr-pn.claire.martin", roleSet(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR));
        officers.put("fr-pn.hugo.lefevre", roleSet(OfficerSpec.OFFICER));
        officers.put("ma-dgsn.karim.benali", roleSet(OfficerSpec.OFFICER));
        officers.put("ma-dgsn.nadia.elamrani", roleSet(OfficerSpec.OFFICER, OfficerSpec.AUDITOR));
        officers.put("es-cnp.lucia.garcia", roleSet(OfficerSpec.OFFICER, OfficerSpec.SUPERVISOR));
        officers.put("es-cnp.javier.ruiz", roleSet(OfficerSpec.OFFICER));
        return Collections.unmodifiableMap(officers);
    }

    private static Set<String> roleSet(String... roles) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(roles)));
    }
}
