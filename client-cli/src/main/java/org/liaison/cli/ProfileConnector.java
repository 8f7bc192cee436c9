package org.liaison.cli;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.liaison.client.ClientProfile;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClient;
import org.liaison.client.ServerAddress;

/**
 * Opens the connection a command works on: loads the profile chosen by the
 * global options, applies {@code --server}, connects and waits for Welcome.
 */
public final class ProfileConnector {

    private final Path profileDir;
    private final ServerAddress serverOverride;

    ProfileConnector(Path profileDir, ServerAddress serverOverrideOrNull) {
        this.profileDir = profileDir;
        this.serverOverride = serverOverrideOrNull;
    }

    /** The profile directory (keys, known keys and seen messages live there too). */
    public Path profileDir() {
        return profileDir;
    }

    /**
     * The profile to use.
     *
     * @throws org.liaison.client.ProfileException if it cannot be loaded
     */
    public ClientProfile profile() {
        ClientProfile profile = ClientProfile.load(profileDir);
        return serverOverride == null ? profile : profile.withServer(serverOverride.host(), serverOverride.port());
    }

    /**
     * A connected client for {@link #profile()}.
     *
     * @throws CannotConnectException naming the server if the connection could not be established
     */
    public LiaisonClient connect() throws Exception {
        ClientProfile profile = profile();
        try {
            return await(LiaisonClient.connect(profile));
        } catch (ConnectionFailedException e) {
            throw new CannotConnectException(profile.server(), e);
        }
    }

    /** The result of {@code future}, or the exception it failed with (not wrapped). */
    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
