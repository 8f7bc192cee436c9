package org.liaison.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.server.config.ServerConfig.Limits;

class LimitsTest {
  @TempDir
  Path dir;

  @Test
  void maxRecipientsDefaultsToAThousandAndIsBounded() {
    assertThat(Limits.defaults().maxRecipients()).isEqualTo(1000);
    assertThat(Limits.defaults().withMaxRecipients(10_000).maxRecipients()).isEqualTo(10_000);
    assertThatThrownBy(() -> Limits.defaults().withMaxRecipients(0))
        .hasMessageContaining("limits.max-recipients");
    assertThatThrownBy(() -> Limits.defaults().withMaxRecipients(10_001))
        .hasMessageContaining("limits.max-recipients");
  }

  @Test
  void escalationCheckDefaultsToFiveSecondsAndIsBounded() throws Exception {
    assertThat(Limits.defaults().escalationCheck()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThatThrownBy(() -> Limits.defaults().withEscalationCheck(java.time.Duration.ZERO))
        .hasMessageContaining("tasks.escalation-check-seconds");
    assertThatThrownBy(() -> Limits.defaults().withEscalationCheck(
        java.time.Duration.ofHours(2))).hasMessageContaining("tasks.escalation-check-seconds");
    Path file = Files.writeString(dir.resolve("tasks.properties"),
        "tasks.escalation-check-seconds=30\n");
    assertThat(ConfigFile.read(file).seconds("tasks.escalation-check-seconds",
        Limits.DEFAULT_ESCALATION_CHECK)).isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void flashEscalationDefaultsToFiveMinutesAndIsBounded() throws Exception {
    assertThat(Limits.defaults().flashEscalateAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
    assertThatThrownBy(() -> Limits.defaults().withFlashEscalateAfter(java.time.Duration.ZERO))
        .hasMessageContaining("flash.escalate-after-seconds");
    assertThatThrownBy(() -> Limits.defaults().withFlashEscalateAfter(
        java.time.Duration.ofDays(2))).hasMessageContaining("flash.escalate-after-seconds");
    Path file = Files.writeString(dir.resolve("flash.properties"),
        "flash.escalate-after-seconds=120\n");
    assertThat(ConfigFile.read(file).seconds("flash.escalate-after-seconds",
        Limits.DEFAULT_FLASH_ESCALATE_AFTER)).isEqualTo(java.time.Duration.ofMinutes(2));
  }

  @Test
  void maxRecipientsIsAKnownSettingOfTheConfigurationFile() throws Exception {
    Path file = Files.writeString(dir.resolve("server.properties"), "limits.max-recipients=250\n");

    assertThat(ConfigFile.read(file).integer("limits.max-recipients", 1000)).isEqualTo(250);
  }
}
