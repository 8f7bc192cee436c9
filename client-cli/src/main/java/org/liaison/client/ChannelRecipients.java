package org.liaison.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;

/**
 * Everyone a channel's messages may be sealed for, before markings narrow it: the verified devices
 * of the members its signed statements prove (up to {@code membershipIndex}) and of its audit
 * recipients ({@link AuditRecipients}), with the ceiling and default markings of its signed
 * creation statement. {@link #deliver} picks, for one marking, the devices whose officers may see
 * it (docs/markings.md).
 *
 * @param membershipIndex the newest membership statement these follow
 * @param memberDevices   the members' verified devices (the sender's own included)
 * @param auditDevices    the audit recipients' verified devices
 * @param ceiling         the highest classification the channel allows (signed)
 * @param defaultMarkings what a message is marked when its sender says nothing (signed)
 * @param warnings        what the user should know about these recipients (missing or rejected keys…)
 */
public record ChannelRecipients(long membershipIndex, List<VerifiedBundle> memberDevices,
                                List<VerifiedBundle> auditDevices, Classification ceiling,
                                org.liaison.proto.v1.Markings defaultMarkings, List<String> warnings) {

    public ChannelRecipients {
        memberDevices = List.copyOf(memberDevices);
        auditDevices = List.copyOf(auditDevices);
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(defaultMarkings, "defaultMarkings");
        warnings = List.copyOf(warnings);
    }

    /**
     * Fetches and verifies the channel's signed membership, then its members' device keys and
     * those of its audit recipients (checked by {@link AuditRecipients}), with the ceiling and
     * default markings of its signed creation statement.
     */
    static CompletableFuture<ChannelRecipients> fetch(String channelId, Channels channels, KeySource keys) {
        return channels.membership(channelId).thenCompose(membership -> {
            VerifiedMembership verified = membership.verified();
            Set<String> members = verified.members();
            Set<String> officers = new LinkedHashSet<>(members);
            officers.addAll(AuditRecipients.officersToFetch(membership.serverAuditors(), members));
            return keys.devicesOf(officers).thenApply(devices -> {
                List<String> warnings = new ArrayList<>(membership.discrepancies());
                warnings.addAll(devices.warnings());
                List<VerifiedBundle> memberDevices = new ArrayList<>();
                for (String member : members) {
                    List<VerifiedBundle> devicesOfMember = devices.byOfficer().getOrDefault(member, List.of());
                    if (devicesOfMember.isEmpty()) {
                        warnings.add(member + " has no usable device keys and cannot read this message");
                    }
                    memberDevices.addAll(devicesOfMember);
                }
                if (memberDevices.isEmpty()) {
                    throw new LiaisonClientException("no member of channel " + channelId
                            + " has usable device keys: nothing can be encrypted");
                }
                AuditRecipients.Chosen audit = AuditRecipients.choose(membership.serverAuditors(), members,
                        devices.byOfficer(), AuditRecipients.nationsOf(members, channels.bundleVerifier()));
                warnings.addAll(audit.warnings());
                return new ChannelRecipients(verified.headIndex(), memberDevices, audit.devices(), verified.ceiling(),
                        verified.defaultMarkings(), warnings);
            });
        });
    }

    /**
     * The markings a message gets: {@code requested}, else the channel's default; refused when
     * they are malformed, above the channel's ceiling, or not for the sender's own eyes.
     *
     * @param sender the sending device's verified bundle (its officer's nation and clearance)
     * @throws MarkingsRefusedException saying why
     */
    public org.liaison.proto.v1.Markings markingsFor(Optional<org.liaison.proto.v1.Markings> requested,
                                                      VerifiedBundle sender) {
        org.liaison.proto.v1.Markings markings = requested.orElse(defaultMarkings);
        Optional<String> problem = Markings.problem(markings);
        if (problem.isPresent()) {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.MALFORMED,
                    "not sent: " + problem.get());
        }
        if (Markings.rank(markings.getClassification()) > Markings.rank(ceiling)) {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.ABOVE_CEILING, "not sent: "
                    + Markings.name(markings.getClassification()) + " is above this channel's ceiling, "
                    + Markings.name(ceiling));
        }
        if (!sender.maySee(markings)) {
            throw new MarkingsRefusedException(MarkingsRefusedException.Reason.NOT_RELEASABLE, "not sent: you may not"
                    + " see what you send: " + Delivery.why(sender, markings).description() + " ("
                    + sender.nation() + ", cleared " + Markings.name(sender.clearance()) + ", for "
                    + Markings.banner(markings) + ")");
        }
        return markings;
    }

    /**
     * Who a message marked {@code requested} (else the channel's default) is sealed for: the member
     * and audit devices whose officers may see it; the others are listed, by officer, with why.
     *
     * @throws MarkingsRefusedException as {@link #markingsFor}
     */
    public Delivery deliver(Optional<org.liaison.proto.v1.Markings> requested, VerifiedBundle sender) {
        org.liaison.proto.v1.Markings markings = markingsFor(requested, sender);
        List<VerifiedBundle> devices = new ArrayList<>();
        Map<String, Delivery.Exclusion> excluded = new LinkedHashMap<>();
        for (VerifiedBundle device : memberDevices) {
            admit(device, markings, false, devices, excluded);
        }
        Set<String> auditedBy = new LinkedHashSet<>();
        for (VerifiedBundle device : auditDevices) {
            if (admit(device, markings, true, devices, excluded)) {
                auditedBy.add(device.officerId() + " (" + device.agency() + ", " + device.nation() + ")");
            }
        }
        // An officer with one device that may see and another that may not (certificates reissued
        // with another clearance) is a recipient: only the devices that may not see are left out.
        devices.forEach(device -> excluded.remove(device.officerId()));
        return new Delivery(markings, membershipIndex, devices, List.copyOf(excluded.values()),
                List.copyOf(auditedBy), warnings);
    }

    private static boolean admit(VerifiedBundle device, org.liaison.proto.v1.Markings markings, boolean auditor,
                                 List<VerifiedBundle> devices, Map<String, Delivery.Exclusion> excluded) {
        if (device.maySee(markings)) {
            devices.add(device);
            return true;
        }
        excluded.putIfAbsent(device.officerId(), new Delivery.Exclusion(device.officerId(), device.agency(),
                device.nation(), device.clearance(), auditor, Delivery.why(device, markings)));
        return false;
    }
}
