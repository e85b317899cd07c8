// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The periodic sweep heals drift on its own: a change the agent was never told about (a lost
 * NOTIFY) and a zone the backend lost come back; zones the agent never created are reported and
 * left alone; nothing is ever deleted.
 */
class ReconciliationTest {
  @TempDir Path dir;

  @Test
  void lostNotifyAndLostZoneHealThemselvesAndNothingElseIsTouched() throws Exception {
    Name changed = TestZones.name("changed.test.");
    Name lost = TestZones.name("lost.test.");
    Name dropped = TestZones.name("dropped.test.");
    Name manual = TestZones.name("manual.test.");
    // The master sends no NOTIFY: only reconciliation can notice changes.
    try (AgentFixture f =
        AgentFixture.start(dir, "reconcile_interval = 0.3\nreconcile_rate = 500\n", false)) {
      for (Name zone : List.of(changed, lost, dropped)) {
        f.publish(zone, 1, 2);
        assertTrue(f.client().create(zone).succeeded());
      }
      Path manualFile = TestZones.writeZoneFile(f.agentZones, manual, 7, 1);
      long manualModified = Files.getLastModifiedTime(manualFile).toMillis();

      f.publish(changed, 2, 3); // changed on the master, NOTIFY lost
      Files.delete(f.zoneFile(lost)); // the server lost a zone
      Files.delete(f.masterZones.resolve("dropped.test.zone")); // gone from the master
      f.master.reloadNow();

      AgentFixture.await(
          "the change to be picked up",
          Duration.ofSeconds(15),
          () -> ZoneChecks.problem(f.agentZones, changed, 2, 3).isEmpty());
      AgentFixture.await(
          "the lost zone to come back",
          Duration.ofSeconds(15),
          () -> ZoneChecks.problem(f.agentZones, lost, 1, 2).isEmpty());
      Admin admin = f.admin();
      AgentFixture.await(
          "a report of the unmanaged zone",
          Duration.ofSeconds(15),
          () -> {
            Map<String, Object> r = reconciliation(admin);
            return ((List<?>) r.get("unmanaged")).contains("manual.test.");
          });

      assertTrue(
          ZoneChecks.problem(f.agentZones, dropped, 1, 2).isEmpty(),
          "a zone the masters no longer have is not deleted by reconciliation");
      assertEquals(manualModified, Files.getLastModifiedTime(manualFile).toMillis());
      assertEquals(7, ZoneFiles.readSoa(manualFile, manual).orElseThrow().getSerial());
      assertTrue(
          f.agent.operations().list().stream()
              .noneMatch(v -> v.key().zone().equals(manual) || v.kind().name().equals("DELETE")),
          "no operation touched the unmanaged zone, and nothing was deleted");
      assertEquals(3, ((Number) admin.status().get("zones")).intValue(), "the catalog");
      Map<String, Object> last = reconciliation(admin);
      assertTrue(((Number) last.get("errors")).intValue() >= 1, "dropped.test. is reported");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reconciliation(Admin admin) {
    try {
      return (Map<String, Object>) admin.status().get("reconciliation");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
