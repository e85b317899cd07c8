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

/**
 * 10,000 NOTIFYs for 100 zones: at most one transfer per zone per new serial. And a flood from one
 * source beyond {@code notify_rate_limit} is answered SERVFAIL without costing anything.
 */
class NotifyStormTest {
  private static final int ZONES = 100;
  private static final int ROUNDS = 100;

  @TempDir Path dir;

  @Test
  void aStormOfNotifiesCostsOneTransferPerZoneAndSerial() throws Exception {
    // Without the per-source limit, so that every zone surely gets NOTIFYs through; with a history
    // big enough to hold every operation of the storm, since the transfers are counted from it.
    try (AgentFixture f =
            AgentFixture.start(
                dir, "notify_rate_limit = 0\noperation_history_max_count = 100000\n", false);
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
            replies.values().stream().allMatch(r -> r == ControlLoad.OK), replies.toString());
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
          "NOTIFY storm: "
              + f.agent.metrics().requests("notify", null)
              + " NOTIFYs, "
              + f.agent.operations().list().size()
              + " operations");
    }
  }

  @Test
  void aFloodFromOneSourceIsRateLimited() throws Exception {
    Name zone = TestZones.name("flood.storm.test.");
    try (AgentFixture f =
            AgentFixture.start(dir, "notify_rate_limit = 20\nnotify_rate_burst = 50\n", false);
        ControlLoad load = new ControlLoad(f.agentAddress(), 64, Duration.ofSeconds(10))) {
      f.publish(zone, 1, 1);
      assertTrue(f.client().create(zone).succeeded());
      List<Name> flood = java.util.Collections.nCopies(1000, zone);
      load.send(AgentCommand.NOTIFY, flood);
      long limited = f.agent.metrics().requests("notify", "rate_limited");
      assertTrue(limited >= 1000 - 50 - 100, limited + " of 1000 refused");
      assertTrue(f.agent.operations().list().size() < 200, "refused NOTIFYs queue nothing");
      AgentFixture.await("the bucket to refill", Duration.ofSeconds(5), () -> notified(f, zone));
    }
  }

  private static boolean notified(AgentFixture f, Name zone) {
    try {
      return f.client().notify(zone).succeeded();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<String> history(AgentFixture f, Name zone) {
    return f.agent.operations().list(v -> v.key().zone().equals(zone)).stream()
        .map(OperationView::detail)
        .toList();
  }
}
