package org.liaison.server.officer;

import java.time.Instant;
import org.liaison.server.identity.OfficerId;

/** What the server has recorded about an officer's logins. */
public record OfficerRecord(
    OfficerId id, String agency, String nation, String roles, Instant firstLogin,
    Instant lastLogin, String lastDevice, long loginCount) {}
