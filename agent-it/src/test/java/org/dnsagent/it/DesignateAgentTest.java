// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.pool.PollPolicy;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolFiles;
import org.dnsagent.client.pool.PoolKeyring;
import org.dnsagent.client.pool.PoolOptions;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.PoolStatus;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.RequiredBinaries;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Our pool target drives Designate's own agent ({@code designate.cmd.agent}, what {@code
 * designate-agent} runs) over the unsigned legacy protocol: a pool whose only target is that agent,
 * which transfers from a local master and keeps zones as files (see {@code designate_agent.py}).
 */
class DesignateAgentTest {
  private static final Name ZONE = TestZones.name("legacy.test.");

  @TempDir Path dir;

  @Test
  void poolTargetCreatesUpdatesAndDeletesOnDesignatesAgent() throws Exception {
    PythonProcess.requirePythonAndDesignate();
    RequiredBinaries.requireFile(Path.of("/usr/bin/designate-agent"), "designate-agent");
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    Path agentZones = Files.createDirectories(dir.resolve("agent-zones"));
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      master.start();
      TestZones.writeZoneFile(masterZones, ZONE, 2024010101, 3);
      master.reloadNow();
      int port = FreePorts.tcpAndUdp();
      try (PythonProcess agent = designateAgent(port, master.port(), agentZones)) {
        awaitAnswers(agent, new InetSocketAddress("127.0.0.1", port));
        PoolClient client = poolClient(port, master.port());

        PoolResult created = client.apply(PoolAction.CREATE, ZONE);
        assertEquals(PoolStatus.SUCCESS, created.status(), created + "\n" + agent.stderrTail());
        assertEquals(
            "NOERROR+AA",
            created.targets().get(0).outcome().lastResponse().orElseThrow().describe());
        assertEquals(2024010101, served(agentZones), "Designate's agent transferred the zone");

        TestZones.writeZoneFile(masterZones, ZONE, 2024010102, 6);
        master.reloadNow();
        PoolResult updated = client.apply(PoolAction.UPDATE, ZONE);
        assertEquals(PoolStatus.SUCCESS, updated.status(), updated + "\n" + agent.stderrTail());
        assertEquals(2024010102, served(agentZones), "NOTIFY made it transfer again");

        PoolResult deleted = client.apply(PoolAction.DELETE, ZONE);
        assertEquals(PoolStatus.SUCCESS, deleted.status(), deleted + "\n" + agent.stderrTail());
        assertFalse(Files.exists(zoneFile(agentZones)), "Designate's agent deleted the zone");

        PoolResult absent = client.apply(PoolAction.CREATE, TestZones.name("absent.test."));
        assertEquals(PoolStatus.TARGETS_FAILED, absent.status(), "SERVFAIL counts as failure");
        assertTrue(agent.isAlive(), agent.stderrTail());
      }
    }
  }

  private PythonProcess designateAgent(int port, int masterPort, Path zones) throws IOException {
    Path state = Files.createDirectories(dir.resolve("state"));
    String conf =
        """
        [DEFAULT]
        state_path = %s
        use_stderr = true
        [heartbeat_emitter]
        emitter_type = noop
        [service:agent]
        listen = 127.0.0.1:%d
        masters = 127.0.0.1:%d
        backend_driver = fake
        """
            .formatted(state, port, masterPort);
    Path file = Files.writeString(dir.resolve("designate-agent.conf"), conf);
    return PythonProcess.start(
        "designate_agent.py",
        List.of("--config-file", file.toString()),
        Map.of("AGENT_ZONE_DIR", zones.toString()),
        dir);
  }

  /** Designate's agent answers a plain query with REFUSED once it listens. */
  private static void awaitAnswers(PythonProcess agent, InetSocketAddress address)
      throws InterruptedException {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(Duration.ofMillis(500));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new AssertionError("designate-agent exited:\n" + agent.stderrTail());
      }
      try {
        resolver.send(Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN)));
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("designate-agent did not answer in 60 s:\n" + agent.stderrTail());
  }

  private PoolClient poolClient(int agentPort, int masterPort) {
    String yaml =
        """
        - name: legacy
          nameservers: []
          targets:
          - type: agent
            description: Designate's own agent
            masters:
            - host: 127.0.0.1
              port: %d
            options:
              host: 127.0.0.1
              port: '%d'
        """
            .formatted(masterPort, agentPort);
    Pool pool = PoolFiles.parsePools(yaml, "legacy.yaml").get(0);
    RetryPolicy retry =
        new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(15), Duration.ofSeconds(10));
    return new PoolClient(
        pool, PoolKeyring.empty(), new PoolOptions(100, retry, PollPolicy.disabled(), false, 4));
  }

  private static Path zoneFile(Path zones) {
    return zones.resolve(ZONE + "zone");
  }

  private static long served(Path zones) throws IOException {
    Path file = zoneFile(zones);
    if (!Files.exists(file)) {
      return -1;
    }
    return new Zone(ZONE, file.toString()).getSOA().getSerial();
  }
}
