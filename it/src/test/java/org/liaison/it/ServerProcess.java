package org.liaison.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a child JVM (for what cannot be done in-process: signals and kills), started
 * with the test class path through {@code liaison-server}'s own main.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+)");

  private final Process process;
  private final Path outputFile;
  private final int port;

  private ServerProcess(Process process, Path outputFile) {
    this.process = process;
    this.outputFile = outputFile;
    int[] found = new int[1];
    await("the server process to listen").atMost(Duration.ofSeconds(60)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("server process exited: " + output());
      }
      for (String line : output()) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          found[0] = Integer.parseInt(m.group(1));
          return true;
        }
      }
      return false;
    });
    this.port = found[0];
  }

  /** Starts {@code liaison-server} on an ephemeral loopback port with the test PKI. */
  public static ServerProcess start(TestPki pki, Path dataDir) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(
        java.toString(), "-Xmx256m", "-cp", classPath, "org.liaison.server.ServerCommand",
        "--host", LiaisonServerExtension.HOST, "--port", "0", "--data", dataDir.toString(),
        "--tls-cert-chain", pki.dev().serverCertChain().toString(),
        "--tls-key", pki.dev().serverKey().toString(),
        "--trust", pki.dev().trustConfig().toString()));
    Path outputFile = Files.createTempFile(dataDir.getParent(), "liaison-server-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(outputFile.toFile()).start();
    return new ServerProcess(process, outputFile);
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far (stdout and stderr). */
  public List<String> output() {
    try {
      return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(outputFile);
  }
}
