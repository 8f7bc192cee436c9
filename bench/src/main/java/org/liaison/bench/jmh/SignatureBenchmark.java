package org.liaison.bench.jmh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.liaison.client.crypto.DeviceKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 signature verification of a message-sized input: Bouncy Castle (what the client library's
 * {@link DeviceKeys#verify} and the server use) against the JDK 17 provider (SunEC).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SignatureBenchmark {
    @Param({"1024"})
    public int messageBytes;

    private byte[] message;
    private byte[] bcPublicKey;
    private byte[] bcSignature;
    private KeyPair jdkKeys;
    private byte[] jdkSignature;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        message = new byte[messageBytes];
        random.nextBytes(message);
        Ed25519PrivateKeyParameters bcPrivate = new Ed25519PrivateKeyParameters(random);
        bcPublicKey = bcPrivate.generatePublicKey().getEncoded();
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, bcPrivate);
        signer.update(message, 0, message.length);
        bcSignature = signer.generateSignature();
        jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(jdkKeys.getPrivate());
        jdk.update(message);
        jdkSignature = jdk.sign();
    }

    @Benchmark
    public boolean verifyBouncyCastle() {
        return DeviceKeys.verify(bcPublicKey, message, bcSignature);
    }

    @Benchmark
    public boolean verifyBouncyCastleSigner() {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(bcPublicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(bcSignature);
    }

    @Benchmark
    public boolean verifyJdk() throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKeys.getPublic());
        verifier.update(message);
        return verifier.verify(jdkSignature);
    }
}
