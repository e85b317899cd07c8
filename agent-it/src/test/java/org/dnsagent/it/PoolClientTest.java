// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.pool.NameserverResult;
import org.dnsagent.client.pool.PollPolicy;
import org.dnsagent.client.pool.PollResult;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolFiles;
import org.dnsagent.client.pool.PoolKeyring;
import org.dnsagent.client.pool.PoolOptions;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.PoolStatus;
import org.dnsagent.client.pool.TargetResult;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * A pool of three agents, each requiring its own TSIG key, driven through a Designate pools file:
 * the third agent is down. Each agent is also a nameserver of the pool (it answers SOA queries from
 * its backend), polled with that agent's key.
 */
class PoolClientTest {
  static final List<TsigKeySpec> KEYS =
      List.of(
          new TsigKeySpec("pool-key-1", "hmac-sha256", "cG9vbC1rZXktb25lLXNlY3JldA=="),
          new TsigKeySpec("pool-key-2", "hmac-sha512", "cG9vbC1rZXktdHdvLXNlY3JldA=="),
          new TsigKeySpec("pool-key-3", "hmac-sha256", "cG9vbC1rZXktdGhyZWUtc2VjcmV0"));
  private static final Name ZONE = TestZones.name("pool.test.");

  @TempDir Path dir;
  private KeyedAgents agents;
  private Path poolsFile;
  private Path keysFile;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, m -> {});
    agents.publish(ZONE, 10, 5);
    for (int i = 0; i < 3; i++) {
      TsigKeySpec key = KEYS.get(i);
      agents.startAgent(
          "agent-" + (i + 1), Optional.empty(), "tsig_keys = " + key.name(), List.of(key));
    }
    List<InetSocketAddress> addresses =
        List.of(agents.address("agent-1"), agents.address("agent-2"), agents.address("agent-3"));
    agents.stop("agent-3");
    poolsFile =
        Files.writeString(dir.resolve("pools.yaml"), poolsYaml(agents.master.port(), addresses));
    keysFile = Files.writeString(dir.resolve("tsigkeys.yaml"), keysYaml());
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void thresholdHundredFailsAndSaysWhichTargetFailed() throws Exception {
    PoolResult r = client(100).apply(PoolAction.CREATE, ZONE);
    assertEquals(PoolStatus.TARGETS_FAILED, r.status());
    assertFalse(r.succeeded());
    assertEquals(
        List.of("agent three"),
        r.failedTargets().stream().map(t -> t.target().description()).toList());
    TargetResult down = r.failedTargets().get(0);
    assertEquals(2, down.outcome().attempts(), "retried as configured");
    assertTrue(
        down.outcome().errors().get(0).contains("timed out")
            || down.outcome().errors().get(0).contains("port unreachable"),
        down.outcome().errors().toString());
    assertTrue(r.poll().isEmpty(), "no polling after the targets failed");
    // Like Designate's worker, the targets that answered did create the zone.
    assertEquals(10, agents.serial("agent-1", ZONE));
    assertEquals(10, agents.serial("agent-2", ZONE));
  }

  @Test
  void thresholdSixtySixSucceedsAndPollsEachNameserverWithItsKey() throws Exception {
    PoolClient client = client(66);
    PoolResult created = client.apply(PoolAction.CREATE, ZONE);
    assertEquals(PoolStatus.SUCCESS, created.status(), created.toString());
    assertEquals(2, created.targets().stream().filter(TargetResult::succeeded).count());
    assertEquals(
        List.of(Optional.of("pool-key-1"), Optional.of("pool-key-2"), Optional.of("pool-key-3")),
        created.targets().stream().map(TargetResult::keyName).toList());
    PollResult poll = created.poll().orElseThrow();
    assertEquals("serial >= 10", poll.expected().describe(), "the serial came from the master");
    assertEquals(
        List.of(
            NameserverResult.State.SERVES,
            NameserverResult.State.SERVES,
            NameserverResult.State.NO_ANSWER),
        poll.nameservers().stream().map(NameserverResult::state).toList());
    assertEquals(OptionalLong.of(10), poll.nameservers().get(0).serial());
    assertEquals(Optional.of("pool-key-2"), poll.nameservers().get(1).keyName());

    agents.publish(ZONE, 11, 7);
    PoolResult updated = client.apply(PoolAction.UPDATE, ZONE);
    assertEquals(PoolStatus.SUCCESS, updated.status(), updated.toString());
    assertEquals("serial >= 11", updated.poll().orElseThrow().expected().describe());
    assertEquals(11, agents.serial("agent-1", ZONE));

    Pool pool = PoolFiles.readPool(poolsFile, "default");
    PoolResult behind =
        new PoolClient(pool, PoolFiles.readKeys(keysFile), options(66, 3))
            .apply(PoolAction.UPDATE, ZONE, OptionalLong.of(99));
    assertEquals(PoolStatus.NAMESERVERS_BEHIND, behind.status());
    assertEquals(3, behind.poll().orElseThrow().rounds());

    PoolResult deleted = client.apply(PoolAction.DELETE, ZONE);
    assertEquals(PoolStatus.SUCCESS, deleted.status(), deleted.toString());
    assertEquals(
        NameserverResult.State.NO_ZONE, deleted.poll().orElseThrow().nameservers().get(0).state());
    assertFalse(Files.exists(agents.zoneFile("agent-1", ZONE)));
  }

  @Test
  void aTargetSignedWithTheWrongKeyFailsWithBadkey() throws Exception {
    String swapped = Files.readString(poolsFile).replace("tsigkey_id: id-1", "tsigkey_id: id-2");
    Pool pool = PoolFiles.parsePools(swapped, "swapped.yaml").get(0);
    PoolResult r =
        new PoolClient(pool, PoolFiles.readKeys(keysFile), options(66))
            .apply(PoolAction.CREATE, ZONE);
    assertEquals(PoolStatus.TARGETS_FAILED, r.status());
    String error = r.targets().get(0).outcome().errors().get(0);
    assertTrue(error.contains("NOTAUTH (BADKEY)"), error);
  }

  private PoolClient client(int threshold) {
    Pool pool = PoolFiles.readPool(poolsFile, "default");
    PoolKeyring keys = PoolFiles.readKeys(keysFile);
    return new PoolClient(pool, keys, options(threshold));
  }

  static PoolOptions options(int threshold) {
    return options(threshold, 40);
  }

  /** Quick timeouts; polling stops early once the nameservers are there. */
  static PoolOptions options(int threshold, int pollRounds) {
    RetryPolicy retry =
        new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofMillis(700));
    PollPolicy poll =
        new PollPolicy(
            true,
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            pollRounds,
            Duration.ofMillis(700));
    return new PoolOptions(threshold, retry, poll, false, 8);
  }

  /** A pools file as designate-manage writes it, with key ids on targets and nameservers. */
  static String poolsYaml(int masterPort, List<InetSocketAddress> agentAddresses) {
    String[] names = {"agent one", "agent two", "agent three"};
    StringBuilder y = new StringBuilder("- name: default\n  description: three agents\n");
    y.append("  nameservers:\n");
    for (int i = 0; i < agentAddresses.size(); i++) {
      y.append("  - host: 127.0.0.1\n    port: ").append(agentAddresses.get(i).getPort());
      y.append("\n    tsigkey_id: id-").append(i + 1).append('\n');
    }
    y.append("  targets:\n");
    for (int i = 0; i < agentAddresses.size(); i++) {
      y.append("  - type: agent\n    description: ").append(names[i]).append('\n');
      y.append("    masters:\n    - host: 127.0.0.1\n      port: ").append(masterPort).append('\n');
      y.append("    options:\n      host: 127.0.0.1\n      port: '")
          .append(agentAddresses.get(i).getPort())
          .append("'\n");
      y.append("    tsigkey_id: id-").append(i + 1).append('\n');
    }
    return y.toString();
  }

  static String keysYaml() {
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < KEYS.size(); i++) {
      TsigKeySpec k = KEYS.get(i);
      y.append("- id: id-").append(i + 1).append("\n  name: ").append(k.name());
      y.append("\n  algorithm: ").append(k.algorithm());
      y.append("\n  secret: ").append(k.secret()).append('\n');
    }
    return y.toString();
  }
}
