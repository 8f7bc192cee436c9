package org.liaison.server.officer;

import java.time.Instant;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.server.identity.OfficerId;

/**
 * What the server has recorded about an officer's logins.
 *
 * @param clearance as their certificate said at their last login
 */
public record OfficerRecord(
    OfficerId id, String agency, String nation, String roles, Instant firstLogin,
    Instant lastLogin, String lastDevice, long loginCount, Classification clearance) {

  /** Whether this officer may see what is marked so ({@link Markings#maySee}). */
  public boolean maySee(org.liaison.proto.v1.Markings markings) {
    return Markings.maySee(markings, nation, clearance);
  }
}
