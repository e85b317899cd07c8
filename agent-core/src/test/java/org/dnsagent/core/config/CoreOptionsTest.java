// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The defaults the schema documents are the ones the loader applies. */
class CoreOptionsTest {
  @TempDir Path dir;

  @Test
  void documentedDefaultsAreTheEffectiveOnes() throws Exception {
    Path file =
        java.nio.file.Files.writeString(
            dir.resolve("agent.conf"),
            "[DEFAULT]\nstate_path = " + dir + "\n[service:agent]\nmasters = 192.0.2.1\n");
    AgentConfig c =
        new AgentConfigLoader(new BackendRegistry(List.of(new Files())))
            .load(List.of(file))
            .config();
    OperationsConfig o = c.operations();
    Map<String, Function<AgentConfig, Object>> effective = new LinkedHashMap<>();
    effective.put("listen", x -> "0.0.0.0:" + x.listen().get(0).getPort());
    effective.put("backend_driver", x -> x.targets().get(0).driver());
    effective.put("notify_delay", x -> x.notifyDelay());
    effective.put("tcp_backlog", AgentConfig::tcpBacklog);
    effective.put("tcp_recv_timeout", AgentConfig::tcpRecvTimeout);
    effective.put("tcp_idle_timeout", AgentConfig::tcpIdleTimeout);
    effective.put("max_tcp_connections", AgentConfig::maxTcpConnections);
    effective.put("max_request_size", AgentConfig::maxRequestSize);
    effective.put("operation_workers", AgentConfig::operationWorkers);
    effective.put("max_pending_operations", AgentConfig::maxPendingOperations);
    effective.put("soa_query_timeout", AgentConfig::soaQueryTimeout);
    effective.put("transfer_connect_timeout", x -> x.transferLimits().connectTimeout());
    effective.put("transfer_idle_timeout", x -> x.transferLimits().idleTimeout());
    effective.put("transfer_timeout", x -> x.transferLimits().totalTimeout());
    effective.put("transfer_max_records", x -> x.transferLimits().maxRecords());
    effective.put("transfer_max_bytes", x -> x.transferLimits().maxBytes());
    effective.put("reply_timeout", x -> o.replyTimeout());
    effective.put("retry_max_attempts", x -> o.retry().maxAttempts());
    effective.put("retry_initial_delay", x -> o.retry().initialDelay());
    effective.put("retry_max_delay", x -> o.retry().maxDelay());
    effective.put("operation_history_max_age", x -> o.history().maxAge());
    effective.put("operation_history_max_count", x -> o.history().maxCount());
    effective.put("journal_max_size", x -> o.journalMaxSize());
    effective.put("health_check_interval", x -> o.healthCheckInterval());
    effective.put("health_failure_threshold", x -> o.healthFailureThreshold());
    effective.put("reconcile_interval", x -> o.reconcileInterval());
    effective.put("reconcile_rate", x -> String.valueOf((long) o.reconcileRate()));
    effective.put("admin_socket", x -> o.adminSocket().orElseThrow().toString());
    effective.put("notify_rate_limit", x -> o.notifyRateLimit());
    effective.put("notify_rate_burst", x -> o.notifyRateBurst());
    BackendSettings empty = new BackendSettings("service:agent", Map.of());
    Set<String> checked = new java.util.HashSet<>();
    for (OptionSpec spec : CoreOptions.AGENT) {
      if (spec.defaultValue().isEmpty()) {
        continue;
      }
      Function<AgentConfig, Object> actual = effective.get(spec.name());
      assertTrue(actual != null, spec.name() + " has a default: add it to this test");
      String documented =
          OptionCheck.value(empty, spec).orElseThrow().replace("$state_path", dir.toString());
      Object value = actual.apply(c);
      String shown =
          value instanceof java.time.Duration d ? OptionCheck.seconds(d) : String.valueOf(value);
      assertEquals(documented, shown, spec.name());
      checked.add(spec.name());
    }
    assertEquals(effective.keySet(), checked, "every default is checked");
    assertEquals(dir, c.statePath());
  }

  /** A factory that only has a name; nothing is created here. */
  private static final class Files implements org.dnsagent.spi.BackendFactory {
    @Override
    public String name() {
      return "files";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public org.dnsagent.spi.Backend create(
        BackendSettings settings, org.dnsagent.spi.BackendContext context) {
      throw new UnsupportedOperationException();
    }
  }
}
