package org.liaison.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.Auditor;

/**
 * The audit recipients of a channel (DESIGN.md, "transparent escrow"): besides the members, every
 * message and task body is sealed for the auditors of the nations of the channel's members who
 * may see its markings ({@link ChannelRecipients#deliver}; docs/markings.md). They are ordinary,
 * listed recipients: no hidden key exists.
 *
 * <p>The server names them ({@code MemberList.auditors}); nothing is encrypted to one of them on
 * the server's word alone. A device qualifies only when its key bundle verified against our own
 * trusted agency CAs ({@link VerifiedBundle}), its officer certificate carries the
 * {@value #AUDITOR_ROLE} role, and the nation of the CA that issued it is a member's nation.
 */
public final class AuditRecipients {

    /** The certificate role ({@code OU}) of auditors. */
    public static final String AUDITOR_ROLE = "auditor";

    private AuditRecipients() {
    }

    /**
     * The audit recipients chosen for a channel: the devices to seal for, one label per auditor
     * ("officer (agency, nation)") to show the members, and warnings about auditors the server
     * listed who do not qualify or have no usable device.
     */
    public record Chosen(List<VerifiedBundle> devices, List<String> auditors, List<String> warnings) {

        public Chosen {
            devices = List.copyOf(devices);
            auditors = List.copyOf(auditors);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The nations of {@code members}, as our trusted agency CAs give them (an officer id starts
     * with its agency's code); officers of an agency we do not trust add none.
     */
    public static Set<String> nationsOf(Collection<String> members, BundleVerifier verifier) {
        Set<String> nations = new TreeSet<>();
        for (String member : members) {
            verifier.nationOf(member).ifPresent(nations::add);
        }
        return nations;
    }

    /** Whether this verified device may be an audit recipient where the members are of {@code memberNations}. */
    public static boolean qualifies(VerifiedBundle device, Set<String> memberNations) {
        return device.roles().contains(AUDITOR_ROLE) && memberNations.contains(device.nation());
    }

    /** The officer ids, among {@code listed}, that are not members: those whose keys must be fetched. */
    public static Set<String> officersToFetch(List<Auditor> listed, Set<String> members) {
        Set<String> ids = new LinkedHashSet<>();
        for (Auditor auditor : listed) {
            if (!members.contains(auditor.getOfficerId())) {
                ids.add(auditor.getOfficerId());
            }
        }
        return ids;
    }

    /**
     * Chooses the devices of the auditors the server listed that qualify. Auditors who are also
     * members are sealed for as members and not counted again.
     *
     * @param byOfficer the verified devices fetched for {@link #officersToFetch}
     */
    public static Chosen choose(List<Auditor> listed, Set<String> members, Map<String, List<VerifiedBundle>> byOfficer,
                                Set<String> memberNations) {
        List<VerifiedBundle> devices = new ArrayList<>();
        List<String> auditors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String officer : officersToFetch(listed, members)) {
            List<VerifiedBundle> verified = byOfficer.getOrDefault(officer, List.of());
            List<VerifiedBundle> qualified = verified.stream().filter(d -> qualifies(d, memberNations)).toList();
            if (qualified.isEmpty() && !verified.isEmpty()) {
                VerifiedBundle any = verified.get(0);
                warnings.add("WARNING: the server lists " + officer + " as an auditor of this channel, but their"
                        + " certificate (" + any.agency() + ", " + any.nation() + ", roles " + new TreeSet<>(any.roles())
                        + ") does not make them an auditor of a member's nation " + memberNations
                        + ": nothing is encrypted to them");
                continue;
            }
            if (qualified.isEmpty()) {
                warnings.add("auditor " + officer + " has no usable device keys and cannot read this channel's messages");
                continue;
            }
            devices.addAll(qualified);
            VerifiedBundle first = qualified.get(0);
            auditors.add(officer + " (" + first.agency() + ", " + first.nation() + ")");
        }
        return new Chosen(devices, auditors, warnings);
    }
}
