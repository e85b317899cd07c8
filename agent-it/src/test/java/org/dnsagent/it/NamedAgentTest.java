// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The same guarantees on a real named through the bind9 backend: a master outage and a named outage
 * are retried until they end, and a SIGKILLed agent loses nothing.
 */
class NamedAgentTest {
  private static final String FAST_RETRIES =
      "retry_max_attempts = 200\nretry_initial_delay = 0.1\nretry_max_delay = 0.5\n"
          + "health_check_interval = 1h\n";

  @TempDir Path dir;

  @Test
  void masterAndNamedOutagesAreRetriedUntilTheyEnd() throws Exception {
    try (NamedServer named = NamedServer.builder().parentDirectory(dir).start();
        AgentFixture f =
            AgentFixture.start(
                dir.resolve("agent"), FAST_RETRIES + NamedZones.agentSettings(named), false)) {
      NamedZones served = new NamedZones(named, 1);
      Name first = TestZones.name("first.named.test.");
      f.publish(first, 1, 2);
      assertTrue(f.client().create(first).succeeded());
      assertEquals(Optional.empty(), served.problem(first));

      Name afterMaster = TestZones.name("master-outage.named.test.");
      f.publish(afterMaster, 1, 2);
      f.stopMaster();
      CompletableFuture<AgentResponse> reply = create(f, afterMaster);
      RetryTest.awaitRetrying(f, afterMaster, 2);
      f.startMaster();
      assertTrue(reply.get(30, TimeUnit.SECONDS).succeeded());
      assertEquals(Optional.empty(), served.problem(afterMaster));

      Name afterNamed = TestZones.name("named-outage.named.test.");
      f.publish(afterNamed, 1, 2);
      named.stop();
      reply = create(f, afterNamed);
      OperationView retrying = RetryTest.awaitRetrying(f, afterNamed, 2);
      assertTrue(retrying.detail().contains("backend bind9"), retrying.detail());
      assertEquals("RETRY", health(f).get("state"), "operations feed the backend's health");
      named.restart();
      assertTrue(reply.get(30, TimeUnit.SECONDS).succeeded());
      assertEquals(Optional.empty(), served.problem(afterNamed));
      assertEquals(Optional.empty(), served.problem(first), "served across the restart");
      assertEquals("OK", health(f).get("state"));
    }
  }

  @Test
  void aSigkilledAgentLosesNothingOnNamed() throws Exception {
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    List<Name> zones = CrashRecoveryTest.zones(masterZones, "named-crash", 100);
    try (NamedServer named = NamedServer.builder().parentDirectory(dir).start();
        LocalMaster master = CrashRecoveryTest.master(masterZones)) {
      CrashTrial.Figures figures =
          new CrashTrial(
                  dir.resolve("agent"),
                  "masters = 127.0.0.1:" + master.port() + "\n" + NamedZones.agentSettings(named),
                  zones,
                  7,
                  new NamedZones(named, CrashRecoveryTest.SERIAL))
              .run();
      CrashRecoveryTest.report("bind9 backend on named", List.of(figures));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> health(AgentFixture f) throws Exception {
    return ((List<Map<String, Object>>) f.admin().status().get("targets")).get(0);
  }

  private static CompletableFuture<AgentResponse> create(AgentFixture f, Name zone) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return f.client().create(zone);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
