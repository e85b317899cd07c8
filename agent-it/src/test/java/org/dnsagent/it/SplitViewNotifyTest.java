// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dnsagent.client.AgentClient;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;

/**
 * Split horizon (issue 18 item 4): two targets (views) hold the same zone from the same master; one
 * NOTIFY from that master, signed with one view's key, brings both views to the new serial, not
 * only the view its key selects.
 */
class SplitViewNotifyTest {
  private static final Name ZONE = TestZones.name("split.test.");

  @TempDir Path dir;

  @Test
  void oneNotifyUpdatesEveryViewHoldingTheZone() throws Exception {
    TsigKeySpec inside = new TsigKeySpec("view-inside", "hmac-sha256", "dmlldy1pbnNpZGUta2V5");
    TsigKeySpec outside =
        new TsigKeySpec("view-outside", "hmac-sha256", "dmlldy1vdXRzaWRlLWtleQ==");
    try (KeyedAgents agents = KeyedAgents.start(dir, b -> {})) {
      agents.publish(ZONE, 1, 2);
      agents.startAgent(
          "views",
          Optional.empty(),
          "targets = inside, outside\n"
              + "[target:inside]\nbackend_driver = files\ntsig_keys = view-inside\n"
              + "[target:outside]\nbackend_driver = files\ntsig_keys = view-outside",
          List.of(inside, outside));
      Path insideZones = dir.resolve("views/target-inside/zones");
      Path outsideZones = dir.resolve("views/target-outside/zones");
      assertEquals(Rcode.NOERROR, client(agents, inside).create(ZONE).rcode(), "create inside");
      assertEquals(Rcode.NOERROR, client(agents, outside).create(ZONE).rcode(), "create outside");
      assertEquals(1, serial(insideZones));
      assertEquals(1, serial(outsideZones));

      agents.publish(ZONE, 2, 3);
      assertEquals(Rcode.NOERROR, client(agents, inside).notify(ZONE).rcode(), "NOTIFY");

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while ((serial(insideZones) != 2 || serial(outsideZones) != 2)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(2, serial(insideZones), "the view the NOTIFY's key selects");
      assertEquals(2, serial(outsideZones), "the other view, fed by the same master");
      assertTrue(
          agents.agent("views").operations().list().stream()
                  .filter(v -> v.kind().name().equals("UPDATE"))
                  .map(v -> v.key().target())
                  .distinct()
                  .count()
              == 2,
          "one update per view");
    }
  }

  private static AgentClient client(KeyedAgents agents, TsigKeySpec key) {
    return new AgentClient(
        agents.address("views"), Optional.of(key.toTsig()), Duration.ofSeconds(20), false);
  }

  private static long serial(Path zones) throws IOException {
    return ZoneFiles.readSoa(ZoneFiles.pathFor(zones, ZONE, ".zone"), ZONE)
        .map(SOARecord::getSerial)
        .orElse(-1L);
  }
}
