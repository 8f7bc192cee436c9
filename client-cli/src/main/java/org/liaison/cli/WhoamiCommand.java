package org.liaison.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.Welcome;
import picocli.CommandLine.Command;

/** {@code liaison whoami}: the identity the server derived from the certificate. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = "Connect and show who the server says you are: officer, agency, nation, roles, device.")
public final class WhoamiCommand extends ConnectedCommand {

    /** The JSON shape of {@code whoami --json}. */
    public record Identity(String officer, String agency, String nation, List<String> roles, String clearance,
                           String device, String serverTime) {

        static Identity of(Welcome welcome) {
            return new Identity(welcome.getOfficerId(), welcome.getAgency(), welcome.getNation(),
                    roleNames(welcome), clearanceOf(welcome), welcome.getDeviceId(),
                    Instant.ofEpochMilli(welcome.getServerTimeMs()).toString());
        }
    }

    /** The clearance named as in markings ({@code RESTRICTED}); UNCLASSIFIED when the server names none. */
    static String clearanceOf(Welcome welcome) {
        // A server that predates markings sends nothing: the certificate's clearance is then unknown here.
        return org.liaison.markings.Markings.rank(welcome.getClearance()) == 0 ? "UNCLASSIFIED"
                : org.liaison.markings.Markings.name(welcome.getClearance());
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) {
        Identity identity = Identity.of(client.welcome());
        if (output.json()) {
            output.printJson(identity);
        } else {
            output.println("officer:     " + identity.officer());
            output.println("agency:      " + identity.agency());
            output.println("nation:      " + identity.nation());
            output.println("roles:       " + String.join(", ", identity.roles()));
            output.println("clearance:   " + identity.clearance());
            output.println("device:      " + identity.device());
            output.println("server time: " + identity.serverTime());
        }
        return ExitCodes.SUCCESS;
    }

    /** Role names as officers write them: {@code officer}, {@code supervisor}, {@code auditor}. */
    static List<String> roleNames(Welcome welcome) {
        List<String> names = new ArrayList<>();
        for (int value : welcome.getRolesValueList()) {
            Role role = Role.forNumber(value);
            names.add(role == null
                    ? "unknown-" + value
                    : role.name().toLowerCase(Locale.ROOT).replaceFirst("^role_", ""));
        }
        return names;
    }
}
