// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The notify protocol against a UNIX datagram socket standing in for systemd's. */
@EnabledOnOs(OS.LINUX)
class SystemdNotifyTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void messagesArriveOnAnAbstractSocket() throws Exception {
    try (NotifySocket systemd = new NotifySocket("@dns-agent-test-" + UUID.randomUUID());
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", systemd.name, "WATCHDOG_USEC", "3000000"))) {
      assertTrue(notify.enabled());
      assertEquals(Optional.of(Duration.ofMillis(1500)), notify.watchdogInterval());
      notify.ready("3 zones");
      String ready = systemd.receive(WAIT).orElseThrow();
      assertTrue(ready.startsWith("READY=1\nSTATUS=3 zones\nMAINPID="), ready);
      notify.watchdogPing();
      assertEquals(Optional.of("WATCHDOG=1"), systemd.receive(WAIT));
      notify.stopping();
      assertEquals(Optional.of("STOPPING=1\nSTATUS=stopping"), systemd.receive(WAIT));
    }
  }

  @Test
  void messagesArriveOnAPathSocket() throws Exception {
    Path socket = dir.resolve("notify");
    if (socket.toString().length() >= SystemdNotify.SUN_PATH_MAX) {
      socket = Files.createTempDirectory(Path.of("/tmp"), "dns-agent-notify").resolve("n");
    }
    try (NotifySocket systemd = new NotifySocket(socket.toString());
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()))) {
      assertEquals(Optional.empty(), notify.watchdogInterval(), "no WATCHDOG_USEC, no pings");
      notify.status("queue depth 0");
      assertEquals(Optional.of("STATUS=queue depth 0"), systemd.receive(WAIT));
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() {
    try (SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of())) {
      assertFalse(notify.enabled());
      notify.ready("x"); // no socket, no error
    }
    // A watchdog meant for another process is not ours to feed.
    try (SystemdNotify notify =
        SystemdNotify.fromEnvironment(
            Map.of("NOTIFY_SOCKET", "@x", "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "1"))) {
      assertEquals(Optional.empty(), notify.watchdogInterval());
    }
  }

  /** The real launcher's main class in a child JVM: READY, STATUS, WATCHDOG, then STOPPING. */
  @Test
  void theAgentNotifiesThroughItsLifecycle() throws Exception {
    int port = FreePorts.tcpAndUdp();
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            "[DEFAULT]\nstate_path = "
                + dir.resolve("state")
                + "\n[service:agent]\nlisten = 127.0.0.1:"
                + port
                + "\nmasters = 127.0.0.1:9\nadmin_socket = none\n");
    try (NotifySocket systemd = new NotifySocket("@dns-agent-test-" + UUID.randomUUID())) {
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb =
          new ProcessBuilder(
              List.of(
                  java,
                  "-Xmx128m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty(
                      "surefire.test.class.path", System.getProperty("java.class.path")),
                  "org.dnsagent.cli.Main",
                  "run",
                  "--config-file",
                  conf.toString()));
      pb.environment().put("NOTIFY_SOCKET", systemd.name);
      pb.environment().put("WATCHDOG_USEC", "1000000");
      pb.environment().remove("WATCHDOG_PID");
      pb.redirectErrorStream(true);
      Path log = dir.resolve("agent.log");
      pb.redirectOutput(log.toFile());
      Process agent = pb.start();
      try {
        String ready = systemd.await("READY=1", WAIT);
        assertTrue(
            ready.contains("STATUS=0 zones, queue depth 0, backend default (files) OK"), ready);
        systemd.await("WATCHDOG=1", Duration.ofSeconds(10));
        systemd.await("WATCHDOG=1", Duration.ofSeconds(10));
        agent.destroy(); // SIGTERM, as systemctl stop
        systemd.await("STOPPING=1", WAIT);
        assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "stopped");
        int code = agent.exitValue();
        assertTrue(code == 143 || code == 0, "exit status on SIGTERM " + code + ": " + tail(log));
      } finally {
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String tail(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
