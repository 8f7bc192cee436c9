package org.liaison.server.identity;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;

/**
 * The identity of a connected officer, derived by the server from a verified agency certificate.
 * Never built from anything the client says: the clearance too is the certificate's
 * ({@link org.liaison.markings.Clearance}), so what an officer may see cannot be talked up.
 */
public record Officer(OfficerId id, String agency, String nation, Set<Role> roles,
    Classification clearance) {
  public Officer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agency, "agency");
    Objects.requireNonNull(nation, "nation");
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("an officer holds at least one role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
    if (Markings.rank(Objects.requireNonNull(clearance, "clearance")) == 0) {
      throw new IllegalArgumentException("not a clearance: " + clearance);
    }
  }

  /** An officer whose certificate names no clearance: UNCLASSIFIED. */
  public Officer(OfficerId id, String agency, String nation, Set<Role> roles) {
    this(id, agency, nation, roles, Classification.CLASSIFICATION_UNCLASSIFIED);
  }

  /** Whether this officer may see what is marked so (the one rule, {@link Markings#maySee}). */
  public boolean maySee(org.liaison.proto.v1.Markings markings) {
    return Markings.maySee(markings, nation, clearance);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  @Override
  public String toString() {
    return id + " (" + agency + ", " + nation + ")";
  }
}
