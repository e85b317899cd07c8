// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStatus;
import org.dnsagent.core.agent.HealthState;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.DnsQueries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.dnsagent.testing.servers.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Issue 18 item 5: with named frozen when the agent boots, the agent starts all the same, answers,
 * journals, shows the backend FAILED, and provisions once named answers again.
 */
class BackendDownAtStartTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> reconciliation(Admin admin) throws Exception {
    return (Map<String, Object>) admin.status().get("reconciliation");
  }

  @TempDir Path dir;

  @Test
  void theAgentStartsWithItsBackendDownAndCatchesUpWhenItIsBack() throws Exception {
    Name zone = TestZones.name("late.test.");
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(masterZones, zone, 3, 2);
    int port = FreePorts.tcpAndUdp();
    try (NamedServer named = NamedServer.builder().parentDirectory(dir).start();
        LocalMaster master =
            new LocalMaster(
                LocalMasterOptions.builder(masterZones)
                    .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                    .build())) {
      master.start();
      String config =
          "[DEFAULT]\nstate_path = "
              + dir.resolve("state")
              + "\n[service:agent]\nlisten = 127.0.0.1:"
              + port
              + "\nmasters = 127.0.0.1:"
              + master.port()
              + "\nallow_notify = 127.0.0.0/8\nadmin_listen = 127.0.0.1:0\n"
              + "backend_driver = bind9\nhealth_check_interval = 1\nreply_timeout = 2\n"
              + "retry_initial_delay = 1\nretry_max_delay = 2\nretry_max_attempts = 100\n"
              + "reconcile_interval = 1\n"
              + "[backend:agent:bind9]\n"
              + TestAgents.bind9Options(named, "native")
              + ("zone_file_path = " + dir.resolve("zones") + "\n");
      Signals.freeze(named.pid());
      boolean frozen = true;
      try {
        long started = System.nanoTime();
        try (Agent agent = TestAgents.start(dir.resolve("agent"), config)) {
          assertTrue(
              System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20),
              "start-up does not wait for the backend");
          AgentStatus.TargetHealth health = agent.status().targets().get(0);
          assertEquals(HealthState.FAILED, health.state(), health.detail());
          assertTrue(health.detail().contains("cannot start"), health.detail());

          AgentClient client =
              new AgentClient(
                  new InetSocketAddress("127.0.0.1", port),
                  Optional.empty(),
                  Duration.ofSeconds(20),
                  false);
          // Answered (SERVFAIL after reply_timeout: the controller repeats), and journaled.
          AgentResponse early = client.create(zone);
          assertEquals(
              1,
              agent.operations().list().stream().filter(v -> v.key().zone().equals(zone)).count(),
              "the CREATE is journaled: " + early.describe());

          Signals.thaw(named.pid());
          frozen = false;
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (DnsQueries.servedSerial(named.dnsAddress(), zone).isEmpty()
              && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
          assertEquals(3, DnsQueries.servedSerial(named.dnsAddress(), zone).orElse(-1));
          CompletableFuture<HealthState> state = new CompletableFuture<>();
          long healthDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (System.nanoTime() < healthDeadline) {
            HealthState now = agent.status().targets().get(0).state();
            if (now == HealthState.OK) {
              state.complete(now);
              break;
            }
            Thread.sleep(100);
          }
          assertEquals(HealthState.OK, state.getNow(null), "the backend is OK again");
          assertTrue(client.create(zone).succeeded(), "a repeated CREATE succeeds");

          // Issue 18 item 9: bind9 cannot list its zones, so the count of unmanaged ones is
          // unknown, not 0.
          Admin admin = new Admin(agent.adminAddress().orElseThrow());
          long sweepDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          Map<String, Object> reconciliation = reconciliation(admin);
          while (reconciliation.get("last_finished") == null && System.nanoTime() < sweepDeadline) {
            Thread.sleep(100);
            reconciliation = reconciliation(admin);
          }
          assertTrue(reconciliation.get("last_finished") != null, "a sweep ran");
          assertTrue(reconciliation.containsKey("unmanaged_count"));
          assertEquals(null, reconciliation.get("unmanaged_count"), reconciliation.toString());
          assertEquals(
              List.of(zone), agent.catalog().zones("default").stream().map(k -> k.zone()).toList());
        }
      } finally {
        if (frozen) {
          Signals.thaw(named.pid());
        }
      }
    }
  }
}
