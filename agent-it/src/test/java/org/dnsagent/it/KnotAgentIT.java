// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.KnotServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Controller → agent → local master → knotd: the knot backend driven through the agent, checked
 * with real DNS queries to knotd. 1,000 zones natively (creates queued together share confdb
 * transactions), 100 through knotc, and 100 that knotd transfers itself (secondary mode).
 */
class KnotAgentIT {
  /** SOA, NS, the name server's A, 6 host A records and a TXT: 10 records per zone. */
  private static final int HOSTS = 6;

  @TempDir Path dir;

  @ParameterizedTest(name = "knot_transport = {0}, zone_mode = {1}, {2} zones")
  @CsvSource({"native, primary, 1000", "exec, primary, 100", "native, secondary, 100"})
  void createsUpdatesAndDeletesZonesAllServedByKnotd(String transport, String mode, int count)
      throws Exception {
    List<Name> zones =
        IntStream.range(0, count)
            .mapToObj(i -> TestZones.name("z" + i + "." + transport + "-" + mode + ".knot.test."))
            .toList();
    try (KnotAgentFixture f = new KnotAgentFixture(dir, transport, mode, KnotServer.builder())) {
      f.publish(zones, 1, HOSTS);
      AgentFixture.await(
          "the master's NOTIFYs",
          Duration.ofSeconds(60),
          () -> f.agent.metrics().requests("notify", null) >= count);

      long start = System.nanoTime();
      List<AgentResponse> created = f.sendAll(AgentCommand.CREATE, zones, 16);
      double answered = seconds(start);
      for (int i = 0; i < count; i++) {
        assertTrue(created.get(i).succeeded(), zones.get(i) + ": " + created.get(i).describe());
      }
      AgentFixture.await(
          "knotd to serve all zones",
          Duration.ofSeconds(120),
          () -> zones.stream().allMatch(z -> f.queries.serial(z) == 1));
      double served = seconds(start);
      System.out.printf(
          "knot through the agent (knot_transport = %s, zone_mode = %s): %d zones of %d records:"
              + " CREATE answered in %.2f s (%.0f zones/s), all served by knotd after %.2f s"
              + " (%.0f zones/s)%n",
          transport, mode, count, HOSTS + 4, answered, count / answered, served, count / served);
      for (Name zone : zones.subList(0, Math.min(100, count))) {
        f.queries.assertServes(TestZones.records(zone, 1, HOSTS));
      }

      List<Name> bumped = zones.subList(0, 10);
      f.publish(bumped, 2, HOSTS + 1);
      AgentFixture.await(
          "knotd to serve serial 2",
          Duration.ofSeconds(60),
          () -> bumped.stream().allMatch(z -> f.queries.serial(z) == 2));
      for (Name zone : bumped) {
        f.queries.assertServes(TestZones.records(zone, 2, HOSTS + 1));
      }
      assertEquals(1, f.queries.serial(zones.get(10)), "zones not bumped keep their serial");

      List<AgentResponse> deleted = f.sendAll(AgentCommand.DELETE, zones, 16);
      for (int i = 0; i < count; i++) {
        assertTrue(deleted.get(i).succeeded(), zones.get(i) + ": " + deleted.get(i).describe());
      }
      for (Name zone : zones) {
        assertEquals(Rcode.REFUSED, f.queries.soaRcode(zone), zone.toString());
      }
      try (Stream<Path> left = Files.list(f.zoneFiles)) {
        assertEquals(List.of(), left.toList(), "zone files are removed");
      }
      assertTrue(
          f.knot.knotc("conf-read", "zone").stdout().isBlank(), "no zone left in knotd's config");
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
