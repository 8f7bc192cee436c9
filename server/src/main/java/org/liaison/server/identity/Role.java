package org.liaison.server.identity;

import java.util.Locale;
import java.util.Optional;

/** What an officer may do, as written in the certificate's OU attributes. */
public enum Role {
  OFFICER,
  SUPERVISOR,
  AUDITOR;

  /** The OU value in certificates: lower case. */
  public String certificateName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromCertificateName(String ou) {
    for (Role role : values()) {
      if (role.certificateName().equals(ou)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  public org.liaison.proto.v1.Role toProto() {
    return switch (this) {
      case OFFICER -> org.liaison.proto.v1.Role.ROLE_OFFICER;
      case SUPERVISOR -> org.liaison.proto.v1.Role.ROLE_SUPERVISOR;
      case AUDITOR -> org.liaison.proto.v1.Role.ROLE_AUDITOR;
    };
  }
}
