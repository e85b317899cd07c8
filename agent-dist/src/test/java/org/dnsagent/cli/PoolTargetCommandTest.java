// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@code dns-agent pool-target} against two running agents and one that is down, each agent
 * requiring its own key and serving as a nameserver of the pool.
 */
class PoolTargetCommandTest {
  private static final String[] SECRETS = {
    "Y2xpLWtleS1vbmUtc2VjcmV0", "Y2xpLWtleS10d28tc2VjcmV0", "Y2xpLWtleS10aHJlZS1zZWNyZXQ="
  };
  private static final Name ZONE = TestZones.name("cli.test.");
  private static final String[] QUICK = {
    "--retries", "2", "--retry-interval", "0.05", "--timeout", "0.7", "--notify-timeout", "0.7",
    "--poll-delay", "0", "--poll-interval", "0.1", "--poll-retries", "40", "--poll-timeout", "0.7"
  };

  @TempDir Path dir;
  private LocalMaster master;
  private final List<Agent> agents = new ArrayList<>();
  private Path pools;
  private Path keys;

  @BeforeEach
  void start() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(zones, ZONE, 30, 2);
    master =
        new LocalMaster(
            LocalMasterOptions.builder(zones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofMillis(100))
                .build());
    master.start();
    List<Integer> ports = List.of(startAgent(1), startAgent(2), FreePorts.tcpAndUdp());
    StringBuilder y = new StringBuilder("- name: cli\n  nameservers:\n");
    for (int i = 0; i < 3; i++) {
      y.append(
          "  - {host: 127.0.0.1, port: %d, tsigkey_id: id-%d}\n".formatted(ports.get(i), i + 1));
    }
    y.append("  targets:\n");
    for (int i = 0; i < 3; i++) {
      y.append("  - type: agent\n    description: agent %d\n".formatted(i + 1));
      y.append("    masters: [{host: 127.0.0.1, port: %d}]\n".formatted(master.port()));
      y.append("    options: {host: 127.0.0.1, port: '%d'}\n".formatted(ports.get(i)));
      y.append("    tsigkey_id: id-%d\n".formatted(i + 1));
    }
    pools = Files.writeString(dir.resolve("pools.yaml"), y);
    StringBuilder k = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      k.append(
          "- {id: id-%d, name: key-%d, algorithm: hmac-sha256, secret: %s}\n"
              .formatted(i + 1, i + 1, SECRETS[i]));
    }
    keys = Files.writeString(dir.resolve("keys.yaml"), k);
  }

  private int startAgent(int n) throws Exception {
    int port = FreePorts.tcpAndUdp();
    String ini =
        """
        [DEFAULT]
        state_path = %s
        [service:agent]
        listen = 127.0.0.1:%d
        masters = 127.0.0.1:%d
        allow_notify = 127.0.0.1
        tsig_keys = key-%d
        [tsigkey:key-%d]
        secret = %s
        """
            .formatted(dir.resolve("agent-" + n), port, master.port(), n, n, SECRETS[n - 1]);
    Path conf = Files.writeString(dir.resolve("agent-" + n + ".conf"), ini);
    BackendRegistry registry = BackendRegistry.discover();
    AgentConfig config = new AgentConfigLoader(registry).load(List.of(conf)).config();
    agents.add(Agent.start(config, registry));
    return port;
  }

  @AfterEach
  void stop() {
    agents.forEach(Agent::close);
    master.close();
  }

  @Test
  void thresholdDecidesTheExitStatus() {
    CliRun strict = run("create", "--threshold", "100");
    assertEquals(1, strict.exitCode(), strict.out() + strict.err());
    assertTrue(
        strict.out().contains("CREATE cli.test. on pool cli: TARGETS_FAILED (2/3"), strict.out());
    assertTrue(
        strict
            .out()
            .lines()
            .anyMatch(l -> l.startsWith("agent 3 (127.0.0.1:") && l.contains("FAILED")),
        strict.out());

    CliRun lenient = run("create", "--threshold", "66", "--json");
    assertEquals(0, lenient.exitCode(), lenient.out() + lenient.err());
    String json = lenient.out();
    assertTrue(
        json.startsWith(
            "{\"action\":\"create\",\"zone\":\"cli.test.\",\"pool\":\"cli\",\"status\":\"SUCCESS\",\"succeeded\":true"),
        json);
    assertTrue(json.contains("\"expected\":\"serial >= 30\""), json);
    assertTrue(json.contains("\"key\":\"key-3\",\"succeeded\":false"), json);
    assertTrue(json.contains("\"state\":\"SERVES\",\"serial\":30,\"meets\":true"), json);

    CliRun behind = run("update", "--threshold", "66", "--serial", "31", "--poll-retries", "2");
    assertEquals(3, behind.exitCode(), behind.out());
    assertTrue(
        behind.out().contains("nameservers: NAMESERVERS_BEHIND, 0 of 3 meet serial >= 31"),
        behind.out());

    CliRun deleted = run("delete", "--threshold", "66", "--no-poll");
    assertEquals(0, deleted.exitCode(), deleted.out());
  }

  @Test
  void singleAgentModeAndBadInput() {
    int port = agents.get(0).udpAddresses().get(0).getPort();
    CliRun signed =
        CliRun.of(
            "pool-target",
            "create",
            "cli.test.",
            "--agent",
            "127.0.0.1:" + port,
            "--tsig-key",
            "key-1:hmac-sha256:" + SECRETS[0],
            "--retries",
            "1");
    assertEquals(0, signed.exitCode(), signed.out() + signed.err());
    CliRun unsigned =
        CliRun.of(
            "pool-target",
            "notify",
            "cli.test.",
            "--agent",
            "127.0.0.1:" + port,
            "--retries",
            "1",
            "--timeout",
            "1");
    assertEquals(1, unsigned.exitCode(), "REFUSED without the key: " + unsigned.out());
    assertTrue(unsigned.out().contains("REFUSED"), unsigned.out());

    CliRun noKeys =
        CliRun.of(
            "pool-target", "create", "cli.test.", "--pools", pools.toString(), "--pool", "cli");
    assertEquals(2, noKeys.exitCode());
    assertTrue(
        noKeys.err().contains("tsigkey_id 'id-1' is not in the TSIG keys file"), noKeys.err());
    CliRun noPool = CliRun.of("pool-target", "create", "cli.test.", "--pools", pools.toString());
    assertEquals(2, noPool.exitCode());
    assertTrue(noPool.err().contains("no pool named 'default'; pools: [cli]"), noPool.err());
    CliRun both = CliRun.of("pool-target", "create", "cli.test.", "--pools", "x", "--agent", "y");
    assertEquals(2, both.exitCode());
  }

  private CliRun run(String action, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pool-target",
                action,
                ZONE.toString(),
                "--pools",
                pools.toString(),
                "--pool",
                "cli",
                "--keys",
                keys.toString()));
    List<String> overrides = List.of(more);
    for (int i = 0; i < QUICK.length; i += 2) {
      if (!overrides.contains(QUICK[i])) {
        args.addAll(List.of(QUICK[i], QUICK[i + 1]));
      }
    }
    args.addAll(overrides);
    return CliRun.of(args.toArray(String[]::new));
  }
}
