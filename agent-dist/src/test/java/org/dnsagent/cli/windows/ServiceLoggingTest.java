// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ServiceLoggingTest {
  @TempDir Path dir;

  private static List<String> rootAppenders() {
    Logger root =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<String> names = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(a -> names.add(a.getName()));
    return names;
  }

  @Test
  void theServiceLogsToRollingFilesInsteadOfStandardError() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    List<String> before = rootAppenders();
    assertEquals(List.of("STDERR"), before, "logback.xml's console appender");
    Path logs = dir.resolve("logs");
    try (ServiceLogging logging = ServiceLogging.toFiles(logs.toString(), "dns-agent")) {
      assertEquals(List.of("SERVICE-FILE"), rootAppenders());
      LoggerFactory.getLogger("org.dnsagent.test").info("to the file: {}", "héllo");
      Logger root =
          ((LoggerContext) LoggerFactory.getILoggerFactory())
              .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      @SuppressWarnings("unchecked")
      RollingFileAppender<?> file = (RollingFileAppender<?>) root.getAppender("SERVICE-FILE");
      SizeAndTimeBasedRollingPolicy<?> policy =
          (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
      assertEquals(logs + "/dns-agent.%d{yyyy-MM-dd}.%i.log.gz", policy.getFileNamePattern());
      assertEquals(14, policy.getMaxHistory());
      assertEquals(logs + "/dns-agent.log", logging.file());
    }
    assertEquals(before, rootAppenders(), "the console appender is back");
    String text = Files.readString(logs.resolve("dns-agent.log"), StandardCharsets.UTF_8);
    assertTrue(
        text.matches(
            "(?s)\\d{4}-\\d\\d-\\d\\dT.* INFO  \\[.*\\] org\\.dnsagent\\.test - to the file: héllo\\R"),
        text);
  }

  @Test
  void windowsSeparatorsBecomeSlashesAndPercentIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServiceLogging.toFiles("%ProgramData%\\dns-agent\\logs", "dns-agent"));
    assertTrue(e.getMessage().contains("expand"), e.getMessage());
    try (ServiceLogging logging = ServiceLogging.toFiles(dir.toString() + "\\sub\\", "dns-agent")) {
      assertEquals(dir + "/sub/dns-agent.log", logging.file());
    }
  }
}
