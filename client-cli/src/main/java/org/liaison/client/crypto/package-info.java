/**
 * End-to-end encryption of the Liaison client: what the server never sees.
 *
 * <ul>
 *   <li>{@link org.liaison.client.crypto.DeviceKeys}: a device's Ed25519 signing and X25519
 *       encryption keys; {@link org.liaison.client.crypto.DeviceKeyStore} keeps them in the profile,
 *       encrypted under the identity password.</li>
 *   <li>{@link org.liaison.client.crypto.KeyBundles}: signs a device's public keys with the officer's
 *       agency certificate; {@link org.liaison.client.crypto.BundleVerifier} checks other devices'
 *       bundles against the locally trusted agency CAs and yields
 *       {@link org.liaison.client.crypto.VerifiedBundle}s.</li>
 *   <li>{@link org.liaison.client.crypto.EnvelopeCrypto}: seals a body once with AES-256-GCM, wraps
 *       its key for each recipient device with {@link org.liaison.client.crypto.Hpke} (RFC 9180),
 *       signs the whole, and opens it again on a recipient device.</li>
 * </ul>
 *
 * <p>Every refusal is a {@link org.liaison.client.crypto.CryptoException}; none of their messages
 * contain key material, passphrases or plaintext. Not implemented yet: CRL checking of bundle
 * certificates on the client (see {@link org.liaison.client.crypto.BundleVerifier}).
 */
package org.liaison.client.crypto;
