package org.liaison.it;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures the server's log lines in memory so tests can check what was logged (and what not). */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  /** Starts capturing everything logged in this JVM. */
  public static CapturedLogs attach() {
    CapturedLogs logs = new CapturedLogs();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);
    return logs;
  }

  public void detach() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(event.getLevel() + " " + event.getFormattedMessage());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits until a line containing every one of {@code parts} is logged, and returns it. */
  public String awaitLine(String... parts) {
    String[] found = new String[1];
    await("a log line with " + String.join(" + ", parts))
        .atMost(Duration.ofSeconds(20))
        .until(() -> {
          for (String line : lines) {
            boolean all = true;
            for (String part : parts) {
              all &= line.contains(part);
            }
            if (all) {
              found[0] = line;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }
}
