/**
 * Whose keys to encrypt to, and this device's own: the key management of the Liaison client.
 *
 * <ul>
 *   <li>{@link org.liaison.client.keys.DeviceKeyring}: this device's end-to-end keys, kept in the
 *       profile under the identity password, and the bundle it publishes for them, signed with the
 *       officer certificate's key ({@code ensurePublished}, {@code init}, {@code rotate},
 *       {@code status}).</li>
 *   <li>{@link org.liaison.client.keys.KeyDirectoryClient}: other officers' devices from the
 *       server's key directory, each bundle verified against the profile's own agency CAs; what does
 *       not verify is reported in a {@link org.liaison.client.keys.DirectoryView} and never used.</li>
 *   <li>{@link org.liaison.client.keys.KnownKeys}: the fingerprints this profile has seen, so that a
 *       changed key is logged and reported as a {@link org.liaison.client.keys.KeyChange}.</li>
 * </ul>
 *
 * <p>Local problems (a key file that will not open, a damaged known-keys file, an identity without
 * a private key) are {@link org.liaison.client.ProfileException}s; messages never contain a
 * password or key material.
 */
package org.liaison.client.keys;
