// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.admin.Json;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@code pool-target} over many zones in one run: 1,000 CREATEs from a zones file against an agent
 * on the files backend, names on standard input, quiet in pipes, and each failed attempt printed as
 * it happens when the agent is dead.
 */
class PoolTargetBulkTest {
  private static final int ZONES = 1000;

  @TempDir Path dir;

  @Test
  void createsAThousandZonesInOneRun() throws Exception {
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        Name zone = TestZones.name("b" + i + ".bulk.test.");
        TestZones.writeZoneFile(f.masterZones, zone, 3, 1);
        names.add(zone.toString());
      }
      f.master.reloadNow();
      Path file =
          Files.writeString(
              dir.resolve("zones.txt"), "# bulk\n\n" + String.join("\n", names) + "\n");
      Cli run =
          Cli.run(
              "pool-target",
              "create",
              "--zones-file",
              file.toString(),
              "--agent",
              "127.0.0.1:" + f.agentPort,
              "--concurrency",
              "32");
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(
          run.out().startsWith("CREATE " + ZONES + " zones: " + ZONES + " succeeded, 0 failed"),
          run.out());
      assertFalse(run.err().contains("\r"), "no progress line in a pipe: " + run.err());
      assertEquals("", run.err(), "nothing failed");
      for (String n : names) {
        assertTrue(Files.exists(f.zoneFile(TestZones.name(n))), n);
      }
      assertEquals(ZONES, f.agent.catalog().size());
    }
  }

  @Test
  void namesOnStandardInputAndJson() throws Exception {
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      for (String n : List.of("s1.stdin.test.", "s2.stdin.test.")) {
        TestZones.writeZoneFile(f.masterZones, TestZones.name(n), 1, 1);
      }
      f.master.reloadNow();
      InputStream before = System.in;
      try {
        System.setIn(
            new ByteArrayInputStream(
                "s1.stdin.test.\ns2.stdin.test.\n".getBytes(StandardCharsets.UTF_8)));
        Cli run = Cli.run("pool-target", "create", "--agent", "127.0.0.1:" + f.agentPort, "--json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(run.out().strip());
        assertEquals(2L, ((Number) m.get("succeeded")).longValue(), run.out());
        assertEquals(List.of(), m.get("failed"));
      } finally {
        System.setIn(before);
      }
    }
  }

  @Test
  void eachFailedAttemptIsPrintedAsItHappens() throws Exception {
    int dead = FreePorts.tcpAndUdp(); // nothing listens there
    Path file = Files.writeString(dir.resolve("zones.txt"), "d1.dead.test.\nd2.dead.test.\n");
    Cli run =
        Cli.run(
            "pool-target",
            "create",
            "--zones-file",
            file.toString(),
            "--agent",
            "127.0.0.1:" + dead,
            "--retries",
            "2",
            "--retry-interval",
            "0.1",
            "--timeout",
            "0.5");
    assertEquals(1, run.exitCode(), run.out() + run.err());
    for (String zone : List.of("d1.dead.test.", "d2.dead.test.")) {
      for (int attempt = 1; attempt <= 2; attempt++) {
        String line =
            "CREATE " + zone + " on 127.0.0.1:" + dead + ": attempt " + attempt + " of 2 failed: ";
        assertTrue(run.err().contains(line), "missing '" + line + "' in\n" + run.err());
      }
      assertTrue(run.out().contains("  " + zone + " TARGETS_FAILED"), run.out());
    }
    assertTrue(run.out().startsWith("CREATE 2 zones: 0 succeeded, 2 failed"), run.out());

    Cli bad =
        Cli.run(
            "pool-target",
            "create",
            "--zones-file",
            file.toString(),
            "x.test.",
            "--agent",
            "127.0.0.1:1");
    assertEquals(2, bad.exitCode(), "ZONE and --zones-file together");
  }
}
