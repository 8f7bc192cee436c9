package org.liaison.client.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Markings;

/**
 * The membership of a channel as its verified statement chain proves it: who is a member and who
 * supervises, now and after every statement. Only {@link MembershipChain#verify} creates
 * instances. Immutable.
 */
public final class VerifiedMembership {

    private final String channelId;
    private final ChannelKind kind;
    private final String name;
    private final String purpose;
    private final boolean archived;
    /** Officer id to "is supervisor", after each statement. */
    private final List<Map<String, Boolean>> history;
    private final List<byte[]> hashes;
    private final String creator;
    private final List<Long> times;
    private final Classification ceiling;
    private final Markings defaultMarkings;

    VerifiedMembership(String channelId, ChannelKind kind, String name, String purpose, boolean archived,
                       List<Map<String, Boolean>> history, List<byte[]> hashes, String creator, List<Long> times,
                       Classification ceiling, Markings defaultMarkings) {
        this.ceiling = Objects.requireNonNull(ceiling, "ceiling");
        this.defaultMarkings = Objects.requireNonNull(defaultMarkings, "defaultMarkings");
        this.creator = creator;
        this.times = List.copyOf(times);
        this.channelId = channelId;
        this.kind = kind;
        this.name = name;
        this.purpose = purpose;
        this.archived = archived;
        this.history = List.copyOf(history);
        this.hashes = hashes.stream().map(byte[]::clone).toList();
    }

    public String channelId() {
        return channelId;
    }

    public ChannelKind kind() {
        return kind;
    }

    /** The name the creation statement gave (empty for a direct channel). */
    public String name() {
        return name;
    }

    public String purpose() {
        return purpose;
    }

    /**
     * The highest classification the channel allows, as its signed creation statement says
     * (UNCLASSIFIED when it names none).
     */
    public Classification ceiling() {
        return ceiling;
    }

    /**
     * What the channel's messages and tasks are marked when their sender says nothing, as its
     * signed creation statement says (UNCLASSIFIED // REL ALL, ROUTINE when it names none);
     * well-formed and within {@link #ceiling()}.
     */
    public Markings defaultMarkings() {
        return defaultMarkings;
    }

    public boolean archived() {
        return archived;
    }

    /** Index of the newest statement. */
    public long headIndex() {
        return history.size() - 1L;
    }

    /** Link hash of the newest statement (a copy). */
    public byte[] headHash() {
        return hashes.get(hashes.size() - 1).clone();
    }

    /** The current members, sorted. */
    public Set<String> members() {
        return membersAt(headIndex());
    }

    /** The current supervisors, sorted. */
    public Set<String> supervisors() {
        Set<String> result = new TreeSet<>();
        history.get(history.size() - 1).forEach((officer, supervisor) -> {
            if (supervisor) {
                result.add(officer);
            }
        });
        return result;
    }

    /**
     * The members right after statement {@code index}, sorted.
     *
     * @throws MembershipRejectedException (BROKEN_CHAIN) if the chain has no such statement
     */
    public Set<String> membersAt(long index) {
        if (index < 0 || index >= history.size()) {
            throw new MembershipRejectedException(MembershipRejectedException.Reason.BROKEN_CHAIN,
                    "channel " + channelId + " has no membership statement " + index + " (newest: " + headIndex() + ")");
        }
        return new TreeSet<>(history.get((int) index).keySet());
    }

    /** Whether {@code signed} is one of the chain's statements (by its link hash). */
    public boolean contains(org.liaison.proto.v1.SignedStatement signed) {
        byte[] hash = MembershipChain.linkHash(signed);
        return hashes.stream().anyMatch(known -> java.util.Arrays.equals(known, hash));
    }

    /**
     * Whether {@code officerId} was a supervisor of the channel after some statement signed no
     * later than {@code at} (plus {@link MembershipChain#MAX_CLOCK_SKEW}, for devices whose
     * clocks differ): whether they could sign a supervisor's step at that time.
     */
    public boolean wasSupervisorBy(String officerId, java.time.Instant at) {
        long limit = at.plus(MembershipChain.MAX_CLOCK_SKEW).toEpochMilli();
        for (int i = 0; i < history.size(); i++) {
            if (times.get(i) <= limit && Boolean.TRUE.equals(history.get(i).get(officerId))) {
                return true;
            }
        }
        return false;
    }

    /** The officer who signed the creation statement. */
    public String creator() {
        return creator;
    }

    /** The members named by the creation statement (its actor included). */
    public Set<String> initialMembers() {
        return membersAt(0);
    }

    /** Whether {@code officerId} is a current member. */
    public boolean isMember(String officerId) {
        return history.get(history.size() - 1).containsKey(Objects.requireNonNull(officerId, "officerId"));
    }

    /**
     * What a server's member list claims beyond or short of this verified membership, one line
     * each, for reporting: members no signed statement added (ignored) and verified members it
     * omits.
     */
    public List<String> discrepancies(Set<String> serverMembers) {
        List<String> result = new ArrayList<>();
        for (String officer : new TreeSet<>(serverMembers)) {
            if (!isMember(officer)) {
                result.add(officer + " is listed by the server but no signed statement made them a member: ignored");
            }
        }
        for (String officer : members()) {
            if (!serverMembers.contains(officer)) {
                result.add(officer + " is a member by the signed statements but the server does not list them");
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "VerifiedMembership[" + channelId + ", " + members().size() + " members, head " + headIndex() + "]";
    }
}
