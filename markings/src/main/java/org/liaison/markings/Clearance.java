package org.liaison.markings;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.liaison.proto.v1.Classification;

/**
 * An officer's clearance, as their agency CA writes it into their certificate: a non-critical
 * extension {@value #OID} whose value is a DER UTF8String naming a classification
 * ({@code UNCLASSIFIED}, {@code RESTRICTED}, {@code CONFIDENTIAL}, {@code SECRET}). A
 * certificate without it is cleared for {@code UNCLASSIFIED} only; one whose extension cannot be
 * read is treated the same way (default deny). Never taken from what a client says.
 *
 * <p>The OID is under a private arc chosen for this project; a deployment that registers its own
 * enterprise number replaces it here, in one place.
 */
public final class Clearance {
  /** The certificate extension that carries the clearance. */
  public static final String OID = "1.3.6.1.4.1.61011.1.1";

  private static final byte OCTET_STRING = 0x04;
  private static final byte UTF8_STRING = 0x0c;

  private Clearance() {}

  /** The clearance a certificate carries; UNCLASSIFIED when it carries none or an unreadable one. */
  public static Classification of(X509Certificate certificate) {
    return named(certificate).orElse(Classification.CLASSIFICATION_UNCLASSIFIED);
  }

  /** The clearance the certificate names, if it names a readable one. */
  public static Optional<Classification> named(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(OID);
    if (extension == null) {
      return Optional.empty();
    }
    // getExtensionValue gives the extnValue OCTET STRING, which holds the DER UTF8String.
    byte[] inner = unwrap(extension, OCTET_STRING);
    byte[] text = inner == null ? null : unwrap(inner, UTF8_STRING);
    return text == null ? Optional.empty()
        : Markings.classification(new String(text, StandardCharsets.UTF_8));
  }

  /** The DER value of the extension naming {@code clearance} (for the PKI tool to write). */
  public static byte[] extensionValue(Classification clearance) {
    if (clearance == Classification.CLASSIFICATION_UNSPECIFIED
        || clearance == Classification.UNRECOGNIZED) {
      throw new IllegalArgumentException("not a clearance: " + clearance);
    }
    byte[] text = Markings.name(clearance).getBytes(StandardCharsets.US_ASCII);
    byte[] der = new byte[text.length + 2];
    der[0] = UTF8_STRING;
    der[1] = (byte) text.length;
    System.arraycopy(text, 0, der, 2, text.length);
    return der;
  }

  /** The contents of a short (length below 128) DER element of this tag, or null. */
  private static byte[] unwrap(byte[] der, byte tag) {
    if (der.length < 2 || der[0] != tag || (der[1] & 0x80) != 0 || der[1] != der.length - 2) {
      return null;
    }
    byte[] contents = new byte[der.length - 2];
    System.arraycopy(der, 2, contents, 0, contents.length);
    return contents;
  }

  /** The clearance named by {@code text} (case-insensitive), e.g. from a command line. */
  public static Classification parse(String text) {
    return Markings.classification(text.toUpperCase(Locale.ROOT)).orElseThrow(() ->
        new IllegalArgumentException("not a classification: " + text
            + " (UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or SECRET)"));
  }
}
