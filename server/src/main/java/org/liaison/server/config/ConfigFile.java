package org.liaison.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads the server's configuration file: Java properties, paths relative to the file's folder.
 * Unknown keys are refused so that a misspelt setting never silently falls back to a default.
 */
public final class ConfigFile {
  static final Set<String> KEYS =
      Set.of(
          "listen.host", "listen.port", "data.dir", "tls.cert-chain", "tls.key", "trust.config",
          "limits.max-frame-bytes", "limits.max-recipients", "limits.rate.requests-per-second",
          "limits.rate.burst",
          "timeouts.heartbeat-seconds", "timeouts.handshake-seconds", "storage.threads",
          "storage.write-batch", "storage.fsync", "tasks.escalation-check-seconds",
          "flash.escalate-after-seconds");

  private final Path file;
  private final Properties properties;

  private ConfigFile(Path file, Properties properties) {
    this.file = file;
    this.properties = properties;
  }

  public static ConfigFile read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(file + ": unknown setting '" + key + "'");
      }
    }
    return new ConfigFile(file, properties);
  }

  /** An empty configuration: every value takes its default. */
  public static ConfigFile empty() {
    return new ConfigFile(Path.of("."), new Properties());
  }

  public Optional<String> string(String key) {
    return Optional.ofNullable(properties.getProperty(key)).map(String::trim)
        .filter(s -> !s.isEmpty());
  }

  public Optional<Path> path(String key) {
    Path base = file.toAbsolutePath().getParent();
    return string(key).map(value -> base == null ? Path.of(value) : base.resolve(value));
  }

  public int integer(String key, int defaultValue) {
    return string(key).map(value -> parseInt(key, value)).orElse(defaultValue);
  }

  public boolean bool(String key, boolean defaultValue) {
    return string(key).map(value -> switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(file + ": " + key
          + " must be true or false, not '" + value + "'");
    }).orElse(defaultValue);
  }

  public Duration seconds(String key, Duration defaultValue) {
    return string(key).map(value -> Duration.ofSeconds(parseInt(key, value)))
        .orElse(defaultValue);
  }

  private int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + " must be a whole number, not '"
          + value + "'");
    }
  }
}
