package org.liaison.server.identity;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The identity of a connected officer, derived by the server from a verified agency certificate.
 * Never built from anything the client says.
 */
public record Officer(OfficerId id, String agency, String nation, Set<Role> roles) {
  public Officer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agency, "agency");
    Objects.requireNonNull(nation, "nation");
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("an officer holds at least one role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  @Override
  public String toString() {
    return id + " (" + agency + ", " + nation + ")";
  }
}
