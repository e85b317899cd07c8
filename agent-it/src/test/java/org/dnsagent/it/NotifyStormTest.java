// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/** 10,000 NOTIFYs for 100 zones: at most one transfer per zone per new serial. */
class NotifyStormTest {
  private static final int ZONES = 100;
  private static final int ROUNDS = 100;

  @TempDir Path dir;

  @Test
  void aStormOfNotifiesCostsOneTransferPerZoneAndSerial() throws Exception {
    try (AgentFixture f = AgentFixture.start(dir, "", false);
        ControlLoad load = new ControlLoad(f.agentAddress(), 64, Duration.ofSeconds(10))) {
      List<Name> zones = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        Name zone = TestZones.name("s" + i + ".storm.test.");
        zones.add(zone);
        TestZones.writeZoneFile(f.masterZones, zone, 1, 2);
      }
      f.master.reloadNow();
      assertTrue(
          load.send(AgentCommand.CREATE, zones).values().stream()
              .allMatch(r -> r == ControlLoad.OK));

      for (long serial = 2; serial <= 3; serial++) {
        for (Name zone : zones) {
          TestZones.writeZoneFile(f.masterZones, zone, serial, 2);
        }
        f.master.reloadNow();
        List<Name> storm = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          storm.addAll(zones);
        }
        Map<Name, Integer> replies = load.send(AgentCommand.NOTIFY, storm);
        assertTrue(
            replies.values().stream().allMatch(r -> r == ControlLoad.OK || r == Rcode.SERVFAIL),
            "NOERROR, or SERVFAIL when over the per-source rate: " + replies.values());
        f.admin().awaitIdle(Duration.ofSeconds(30));
        for (Name zone : zones) {
          assertTrue(ZoneChecks.problem(f.agentZones, zone, serial, 2).isEmpty(), zone.toString());
        }
        Map<Name, Long> transfers =
            f.agent.operations().list().stream()
                .filter(v -> v.detail().startsWith("updated by"))
                .collect(Collectors.groupingBy(v -> v.key().zone(), Collectors.counting()));
        for (Name zone : zones) {
          assertEquals(serial - 1, transfers.get(zone), zone + ": " + history(f, zone));
        }
      }
      System.out.println(
          "NOTIFY storm: rate-limited "
              + f.agent.metrics().get("requests.rejected.rate_limited")
              + " of "
              + f.agent.metrics().get("requests.notify")
              + " NOTIFYs; operations "
              + f.agent.operations().list().size());
    }
  }

  private static List<String> history(AgentFixture f, Name zone) {
    return f.agent.operations().list(v -> v.key().zone().equals(zone)).stream()
        .map(OperationView::detail)
        .toList();
  }
}
