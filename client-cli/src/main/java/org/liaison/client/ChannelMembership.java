package org.liaison.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.proto.v1.Auditor;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberList;

/**
 * A channel's membership: what its verified statement chain proves, what the
 * server lists, and where the two disagree. Encrypt to {@link #verified()}
 * only; show {@link #discrepancies()} to the user.
 *
 * @param verified      the members proved by the signed chain
 * @param serverMembers the server's member list (agency, nation, role as the server says)
 * @param discrepancies one line per member the server adds or omits
 * @param serverAuditors the audit recipients the server lists (the auditors of the members'
 *                      nations): each one's certificate must still be checked before encrypting
 *                      to them (see {@link AuditRecipients})
 */
public record ChannelMembership(VerifiedMembership verified, List<Member> serverMembers, List<String> discrepancies,
                                List<Auditor> serverAuditors) {

    public ChannelMembership {
        Objects.requireNonNull(verified, "verified");
        serverMembers = List.copyOf(serverMembers);
        discrepancies = List.copyOf(discrepancies);
        serverAuditors = List.copyOf(serverAuditors);
    }

    /**
     * Verifies the chain of {@code list} and compares it with the list.
     *
     * @throws org.liaison.client.crypto.MembershipRejectedException if the chain does not verify
     */
    public static ChannelMembership of(MemberList list, BundleVerifier verifier, Instant now) {
        VerifiedMembership verified = MembershipChain.verify(list.getChannelId(), list.getChainList(), verifier, now);
        Set<String> listed = list.getMembersList().stream().map(Member::getOfficerId).collect(Collectors.toSet());
        return new ChannelMembership(verified, list.getMembersList(), verified.discrepancies(listed),
                list.getAuditorsList());
    }
}
