// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.OptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal, retry, reconciliation, admin and rate-limit options of {@code [service:agent]}. */
class OperationsConfigLoaderTest {
  @TempDir Path dir;

  private final AgentConfigLoader loader =
      new AgentConfigLoader(new BackendRegistry(List.of(new Fake("files"))));

  @Test
  void defaults() throws Exception {
    LoadedConfig loaded = load("[DEFAULT]\nstate_path = /srv/agent\n");
    OperationsConfig o = loaded.config().operations();
    assertEquals(Duration.ofSeconds(25), o.replyTimeout());
    assertEquals(new RetrySettings(10, Duration.ofSeconds(2), Duration.ofMinutes(5)), o.retry());
    assertEquals(new HistoryLimits(Duration.ofHours(24), 10_000), o.history());
    assertEquals(16L << 20, o.journalMaxSize());
    assertEquals(Duration.ofSeconds(10), o.healthCheckInterval());
    assertEquals(3, o.healthFailureThreshold());
    assertEquals(Duration.ofMinutes(10), o.reconcileInterval());
    assertEquals(20.0, o.reconcileRate());
    assertEquals(Optional.of(Path.of("/srv/agent/admin.sock")), o.adminSocket());
    assertFalse(o.adminSocketExplicit());
    assertTrue(o.adminListen().isEmpty());
    assertEquals(500, o.notifyRateLimit());
    assertEquals(5000, o.notifyRateBurst());
    assertEquals(Path.of("/srv/agent/journal"), loaded.config().journalDirectory());
  }

  @Test
  void explicitMappings() throws Exception {
    LoadedConfig loaded =
        load(
            """
            [service:agent]
            reply_timeout = 10
            retry_max_attempts = 4
            retry_initial_delay = 500ms
            retry_max_delay = 1m
            operation_history_max_age = 168h
            operation_history_max_count = 50
            journal_max_size = 1048576
            health_check_interval = 30s
            health_failure_threshold = 5
            reconcile_interval = 0
            reconcile_rate = 2.5
            admin_socket = /run/dns-agent/admin.sock
            admin_listen = 127.0.0.1:8953
            notify_rate_limit = 0
            notify_rate_burst = 10
            """);
    OperationsConfig o = loaded.config().operations();
    assertEquals(Duration.ofSeconds(10), o.replyTimeout());
    assertEquals(new RetrySettings(4, Duration.ofMillis(500), Duration.ofMinutes(1)), o.retry());
    assertEquals(new HistoryLimits(Duration.ofDays(7), 50), o.history());
    assertEquals(1 << 20, o.journalMaxSize());
    assertEquals(Duration.ofSeconds(30), o.healthCheckInterval());
    assertEquals(5, o.healthFailureThreshold());
    assertTrue(o.reconcileInterval().isZero(), "0 turns reconciliation off");
    assertEquals(2.5, o.reconcileRate());
    assertEquals(Optional.of(Path.of("/run/dns-agent/admin.sock")), o.adminSocket());
    assertTrue(o.adminSocketExplicit());
    assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 8953)), o.adminListen());
    assertEquals(0, o.notifyRateLimit());
    assertEquals(10, o.notifyRateBurst());
    assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
    assertTrue(
        load("[service:agent]\nadmin_socket = none\n")
            .config()
            .operations()
            .adminSocket()
            .isEmpty());
  }

  @Test
  void badValuesAreRefused() {
    assertError("admin_listen = 0.0.0.0:8953", "must be a loopback address");
    assertError("admin_listen = 192.0.2.1:8953", "must be a loopback address");
    assertError("retry_max_attempts = 0", "retry_max_attempts = 0");
    assertError("retry_initial_delay = 10\nretry_max_delay = 5", "less than retry_initial_delay");
    assertError("reply_timeout = 0", "must be greater than zero");
    assertError("reconcile_rate = fast", "not a positive number");
    assertError("reconcile_rate = 0", "not a positive number");
    assertError("journal_max_size = 10", "journal_max_size = 10");
  }

  private void assertError(String options, String expected) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("[service:agent]\n" + options + "\n"));
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
  }

  private LoadedConfig load(String text) throws IOException {
    return loader.load(List.of(Files.writeString(dir.resolve("agent.conf"), text)));
  }

  /** A factory that only declares options; these tests never create backends. */
  private record Fake(String name) implements BackendFactory {
    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public Backend create(BackendSettings settings, BackendContext context) {
      throw new UnsupportedOperationException();
    }
  }
}
