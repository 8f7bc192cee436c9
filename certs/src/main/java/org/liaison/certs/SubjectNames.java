package org.liaison.certs;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The distinguished names of the Liaison PKI. RDNs are encoded in reverse (country first) so that
 * the JDK's RFC 2253 rendering reads {@code CN=…, OU=officer, OU=supervisor, O=…, C=…}.
 */
final class SubjectNames {

    private SubjectNames() {
    }

    static X500Name ca(AgencySpec agency) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, agency.nation())
                .addRDN(BCStyle.O, agency.code())
                .addRDN(BCStyle.CN, agency.caCommonName())
                .build();
    }

    /** One OU per role; a null organization or country leaves that RDN out (for forged test certificates). */
    static X500Name officer(OfficerSpec spec) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (spec.country() != null) {
            builder.addRDN(BCStyle.C, spec.country());
        }
        if (spec.organization() != null) {
            builder.addRDN(BCStyle.O, spec.organization());
        }
        List<String> roles = new ArrayList<>(spec.roles());
        Collections.reverse(roles);
        for (String role : roles) {
            builder.addRDN(BCStyle.OU, role);
        }
        return builder.addRDN(BCStyle.CN, spec.officerId()).build();
    }

    static X500Name server(String commonName, String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static X500Name of(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** All values of one attribute type in the subject, in certificate order. */
    static List<String> values(X509Certificate certificate, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : of(certificate).getRDNs(type)) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type) && atv.getValue() instanceof ASN1String value) {
                    values.add(value.getString());
                }
            }
        }
        return values;
    }

    static Optional<String> first(X509Certificate certificate, ASN1ObjectIdentifier type) {
        List<String> values = values(certificate, type);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    static Optional<String> commonName(X509Certificate certificate) {
        return first(certificate, BCStyle.CN);
    }
}
