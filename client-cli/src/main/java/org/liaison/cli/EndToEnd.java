package org.liaison.cli;

import java.time.Clock;
import org.liaison.client.Channels;
import org.liaison.client.ClientProfile;
import org.liaison.client.KeyHistory;
import org.liaison.client.KeySource;
import org.liaison.client.LiaisonClient;
import org.liaison.client.MessageOpener;
import org.liaison.client.Messages;
import org.liaison.client.SeenMessages;
import org.liaison.client.Tasks;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.keys.DeviceKeyring;
import org.liaison.client.keys.KeyDirectoryClient;

/**
 * What a verb needs to sign, encrypt, verify and decrypt on this device:
 * its published keys (generated and published on first use), the trusted
 * agency CAs of the profile, the verified key directory, and the channel,
 * message and task requests built on them.
 */
final class EndToEnd {

    private final DeviceCredentials device;
    private final KeySource keys;
    private final Channels channels;
    private final Messages messages;
    private final SeenMessages seen;
    private final KeyHistory history;
    private final Tasks tasks;

    private EndToEnd(DeviceCredentials device, KeySource keys, Channels channels, Messages messages,
                     SeenMessages seen, KeyHistory history, Tasks tasks) {
        this.history = history;
        this.tasks = tasks;
        this.device = device;
        this.keys = keys;
        this.channels = channels;
        this.messages = messages;
        this.seen = seen;
    }

    /**
     * Loads this device's keys (creating and publishing them the first time)
     * and wires the requests of {@code client} to them.
     */
    static EndToEnd open(ProfileConnector connector, LiaisonClient client) throws Exception {
        ClientProfile profile = connector.profile();
        Clock clock = Clock.systemUTC();
        DeviceCredentials device = ProfileConnector.await(
                DeviceKeyring.forProfile(connector.profileDir(), profile).ensurePublished(client));
        BundleVerifier verifier = BundleVerifier.forProfile(profile, clock);
        KeySource keys = KeyDirectoryClient.forProfile(connector.profileDir(), profile).keySource(client);
        Channels channels = new Channels(client, device, verifier, clock);
        Messages messages = new Messages(client, channels, device, keys, clock);
        return new EndToEnd(device, keys, channels, messages, SeenMessages.inProfile(connector.profileDir()),
                new KeyHistory(client, verifier), new Tasks(client, messages, verifier, device, clock));
    }

    DeviceCredentials device() {
        return device;
    }

    Channels channels() {
        return channels;
    }

    Messages messages() {
        return messages;
    }

    Tasks tasks() {
        return tasks;
    }

    /** The verified key directory. */
    KeySource keys() {
        return keys;
    }

    /** An opener that verifies and decrypts events for this device. */
    MessageOpener opener() {
        return new MessageOpener(channels, keys, device, seen, history);
    }
}
