package org.liaison.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.LiaisonClientException;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.client.keys.DeviceKeyStatus;
import org.liaison.client.keys.DeviceKeyring;
import org.liaison.client.keys.DeviceKeysExistException;
import org.liaison.client.keys.DeviceKeysMissingException;
import org.liaison.client.keys.DirectoryView;
import org.liaison.client.keys.KeyChange;
import org.liaison.client.keys.KeyDirectoryClient;
import org.liaison.client.keys.KeyRotation;
import org.liaison.client.keys.KnownKeys;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code liaison keys …}: this device's end-to-end keys (init, rotate, show, publish) and other
 * officers' verified device keys (fingerprint). Each verb is a nested command.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Manage this device's end-to-end keys and check other officers' keys.",
            "Keys live in the profile directory (device-keys.bin, encrypted under the identity password) and are "
                    + "published signed by your agency certificate. Fingerprints are what officers compare in "
                    + "person or by phone."},
        subcommands = {
            KeysCommand.Init.class,
            KeysCommand.Rotate.class,
            KeysCommand.Show.class,
            KeysCommand.Publish.class,
            KeysCommand.Fingerprint.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:refused: by the server, 'keys init' on a device that has keys, 'keys show' on one that has none, "
                    + "or 'keys fingerprint' found no usable key",
            "2:usage error",
            "3:cannot connect",
            "4:local configuration problem (profile, identity, wrong password, unreadable key files)"})
public final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** This device's keys in {@code --json} output; fields that do not apply are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceKeysView(String officer, String device, String fingerprint, String created, String expires,
                          Boolean served, String servedFingerprint) {
    }

    /** A rotation in {@code --json} output; {@code previousFingerprint} is left out if the device had no keys. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RotationView(String officer, String device, String previousFingerprint, String fingerprint,
                        String created, String expires, boolean replaced) {
    }

    /** {@code keys fingerprint --json}: the usable devices and the refused bundles of one officer. */
    record OfficerKeysView(String officer, boolean usable, List<DeviceView> devices, List<RejectedView> rejected) {
    }

    /** A verified device; {@code status} is {@code known}, {@code new} or {@code changed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceView(String device, String fingerprint, String agency, String nation, String created,
                      String expires, String status, String previousFingerprint) {
    }

    /** A refused bundle: {@code reason} as people read it ({@code wrong agency}), {@code code} for scripts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RejectedView(String device, String reason, String code, String message) {
    }

    /** Base of the verbs: the keyring and directory of the chosen profile. */
    abstract static class KeysVerb extends ConnectedCommand {

        private ClientProfile profile;

        /** The keys verbs manage this device's keys themselves: 'init' must find none, 'show' changes nothing. */
        @Override
        protected boolean publishesKeys() {
            return false;
        }

        /** The profile, loaded once per command. */
        final ClientProfile profile() {
            if (profile == null) {
                profile = connector().profile();
            }
            return profile;
        }

        final DeviceKeyring keyring() {
            return DeviceKeyring.forProfile(connector().profileDir(), profile());
        }

        final PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    /** {@code keys init}: first keys of this device. */
    @Command(name = "init", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = {"Generate this device's end-to-end keys, publish them signed by your agency certificate "
                    + "and print their fingerprint.",
                    "Refuses (exit code 1) if the device already has keys: use 'keys rotate' to replace them."})
    public static final class Init extends KeysVerb {

        private DeviceKeyring keyring;

        @Override
        protected void beforeConnect() {
            keyring = keyring();
            if (keyring.hasKeys()) {
                throw new DeviceKeysExistException(keyring.keyFile());
            }
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            DeviceCredentials credentials = ProfileConnector.await(keyring.init(client));
            KeyBundle bundle = contentOf(credentials.bundle());
            String fingerprint = credentials.keys().fingerprint();
            if (output.json()) {
                output.printJson(new DeviceKeysView(credentials.officerId(), credentials.deviceId(), fingerprint,
                        createdOf(bundle), expiresOf(bundle), true, null));
            } else {
                output.println("generated end-to-end keys for " + credentials.officerId() + ", device "
                        + credentials.deviceId());
                output.println("fingerprint: " + fingerprint);
                output.println("expires:     " + expiresOf(bundle));
                output.println("published:   yes");
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code keys rotate}: new keys for this device. */
    @Command(name = "rotate", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = {"Replace this device's end-to-end keys with new ones and publish them; prints the old "
                    + "and the new fingerprint.",
                    "Other officers are warned that your keys changed. Messages encrypted for the old keys can no "
                            + "longer be opened on this device."})
    public static final class Rotate extends KeysVerb {

        private DeviceKeyring keyring;

        @Override
        protected void beforeConnect() {
            keyring = keyring();
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            KeyRotation rotation = ProfileConnector.await(keyring.rotate(client));
            DeviceCredentials credentials = rotation.credentials();
            KeyBundle bundle = contentOf(credentials.bundle());
            if (output.json()) {
                output.printJson(new RotationView(credentials.officerId(), credentials.deviceId(),
                        rotation.previousFingerprint().orElse(null), rotation.fingerprint(), createdOf(bundle),
                        expiresOf(bundle), rotation.serverReplaced()));
            } else {
                output.println("rotated the end-to-end keys of " + credentials.officerId() + ", device "
                        + credentials.deviceId());
                output.println("old fingerprint: " + rotation.previousFingerprint().orElse("(none)"));
                output.println("new fingerprint: " + rotation.fingerprint());
                output.println("expires:         " + expiresOf(bundle));
                output.println("Other officers will be warned that your keys changed: give them the new fingerprint.");
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code keys show}: this device's keys and whether the server serves them. */
    @Command(name = "show", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Show this device's officer, device id, key fingerprint, bundle dates, and whether the "
                    + "server currently serves exactly these keys. Changes nothing.")
    public static final class Show extends KeysVerb {

        private DeviceKeyring keyring;

        @Override
        protected void beforeConnect() {
            keyring = keyring();
            if (!keyring.hasKeys()) {
                throw new DeviceKeysMissingException(keyring.keyFile());
            }
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            DeviceKeyStatus status = ProfileConnector.await(keyring.status(client));
            if (output.json()) {
                output.printJson(new DeviceKeysView(status.officerId(), status.deviceId(), status.fingerprint(),
                        status.created().map(Instant::toString).orElse(null),
                        status.expires().map(Instant::toString).orElse(null), status.served(),
                        status.servedFingerprint().orElse(null)));
                return ExitCodes.SUCCESS;
            }
            output.println("officer:     " + status.officerId());
            output.println("device:      " + status.deviceId());
            output.println("fingerprint: " + status.fingerprint());
            output.println("created:     " + status.created().map(Instant::toString).orElse("(no bundle signed yet)"));
            output.println("expires:     " + status.expires().map(Instant::toString).orElse("(no bundle signed yet)"));
            output.println("served:      " + served(status));
            return ExitCodes.SUCCESS;
        }

        private static String served(DeviceKeyStatus status) {
            if (status.served()) {
                return "yes (the server serves exactly these keys)";
            }
            return status.servedFingerprint()
                    .map(other -> "no: the server serves other keys for this device (" + other + ");"
                            + " run 'liaison keys publish'")
                    .orElse("no: the server has no keys for this device; run 'liaison keys publish'");
        }
    }

    /** {@code keys publish}: what every sending verb does first, on demand. */
    @Command(name = "publish", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = "Publish this device's end-to-end keys unless the server already serves them (generating"
                    + " them if the device has none), then show them as 'keys show' does.")
    public static final class Publish extends KeysVerb {

        private DeviceKeyring keyring;

        @Override
        protected void beforeConnect() {
            keyring = keyring();
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            DeviceCredentials credentials = ProfileConnector.await(keyring.ensurePublished(client));
            KeyBundle bundle = contentOf(credentials.bundle());
            String fingerprint = credentials.keys().fingerprint();
            if (output.json()) {
                output.printJson(new DeviceKeysView(credentials.officerId(), credentials.deviceId(), fingerprint,
                        createdOf(bundle), expiresOf(bundle), true, null));
            } else {
                output.println("officer:     " + credentials.officerId());
                output.println("device:      " + credentials.deviceId());
                output.println("fingerprint: " + fingerprint);
                output.println("expires:     " + expiresOf(bundle));
                output.println("served:      yes (the server serves exactly these keys)");
            }
            return ExitCodes.SUCCESS;
        }
    }

    /** {@code keys fingerprint OFFICER}: another officer's verified devices. */
    @Command(name = "fingerprint", mixinStandardHelpOptions = true, version = LiaisonCommand.VERSION,
            description = {"Fetch and verify every device key of OFFICER and print each device's fingerprint, "
                    + "agency, nation, dates and whether this profile knew it (known, new or CHANGED).",
                    "A bundle that fails verification is shown as REJECTED with the reason and is never used. "
                            + "Key change warnings also go to standard error and to key-changes.log in the profile.",
                    "Exit code 1 when OFFICER has no usable device key."})
    public static final class Fingerprint extends KeysVerb {

        @Parameters(index = "0", paramLabel = "OFFICER", description = "Officer id, e.g. ma-dgsn.karim.benali.")
        String officer;

        private KeyDirectoryClient directory;

        @Override
        protected void beforeConnect() {
            directory = KeyDirectoryClient.forProfile(connector().profileDir(), profile());
        }

        @Override
        protected int run(LiaisonClient client, CommandOutput output) throws Exception {
            DirectoryView view = ProfileConnector.await(directory.devicesOf(client, List.of(officer)));
            List<VerifiedBundle> devices = view.devicesOf(officer);
            warnAboutChanges(view);
            if (output.json()) {
                output.printJson(new OfficerKeysView(officer, !devices.isEmpty(),
                        devices.stream().map(device -> deviceView(view, device)).toList(),
                        view.rejected().stream().map(KeysCommand::rejectedView).toList()));
            } else {
                printText(view, devices, output);
            }
            if (devices.isEmpty()) {
                err().println("error: " + (view.rejected().isEmpty()
                        ? EventFormatter.printable(officer) + " has published no end-to-end keys"
                        : "no usable end-to-end key for " + EventFormatter.printable(officer)
                                + ": every key bundle the server served was refused"));
                err().flush();
                return ExitCodes.REFUSED;
            }
            return ExitCodes.SUCCESS;
        }

        private void warnAboutChanges(DirectoryView view) {
            if (view.changes().isEmpty()) {
                return;
            }
            String log = connector().profileDir().resolve(KnownKeys.CHANGE_LOG_NAME).toString();
            for (KeyChange change : view.changes()) {
                err().println(EventFormatter.printable(change.warning()) + " (recorded in " + log + ")");
            }
            err().flush();
        }

        private void printText(DirectoryView view, List<VerifiedBundle> devices, CommandOutput output) {
            output.println("officer:     " + EventFormatter.printable(officer));
            for (VerifiedBundle device : devices) {
                DeviceView shown = deviceView(view, device);
                output.println("");
                output.println("device:      " + device.deviceId());
                output.println("fingerprint: " + device.fingerprint());
                output.println("agency:      " + EventFormatter.printable(device.agency()));
                output.println("nation:      " + EventFormatter.printable(device.nation()));
                output.println("created:     " + shown.created());
                output.println("expires:     " + shown.expires());
                output.println("status:      " + switch (view.statusOf(device)) {
                    case KNOWN -> "known";
                    case NEW -> "new (first seen by this profile, now remembered)";
                    case CHANGED -> "CHANGED (was " + shown.previousFingerprint() + ")";
                });
            }
            for (DirectoryView.Rejected rejection : view.rejected()) {
                output.println("");
                output.println("device:      "
                        + rejection.deviceId().map(EventFormatter::printable).orElse("(unknown)"));
                output.println("status:      REJECTED (" + rejection.reason().description() + "), never used");
                output.println("reason:      " + EventFormatter.printable(rejection.message()));
            }
        }
    }

    private static DeviceView deviceView(DirectoryView view, VerifiedBundle device) {
        return new DeviceView(device.deviceId(), device.fingerprint(), device.agency(), device.nation(),
                device.created().toString(), device.expires().toString(),
                view.statusOf(device).name().toLowerCase(Locale.ROOT),
                view.changeOf(device).map(KeyChange::previousFingerprint).orElse(null));
    }

    private static RejectedView rejectedView(DirectoryView.Rejected rejection) {
        return new RejectedView(rejection.deviceId().orElse(null), rejection.reason().description(),
                rejection.reason().name(), rejection.message());
    }

    /** The content of this device's own bundle, which it has just signed or published. */
    private static KeyBundle contentOf(SignedKeyBundle signed) {
        try {
            return KeyBundle.parseFrom(signed.getBundle());
        } catch (InvalidProtocolBufferException e) {
            throw new LiaisonClientException("this device's own key bundle cannot be read: " + e.getMessage(), e);
        }
    }

    private static String createdOf(KeyBundle bundle) {
        return Instant.ofEpochMilli(bundle.getCreatedMs()).toString();
    }

    private static String expiresOf(KeyBundle bundle) {
        return Instant.ofEpochMilli(bundle.getExpiresMs()).toString();
    }
}
