// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Controller → agent → local master → named: the bind9 backend driven through the agent, checked
 * with real DNS queries to named.
 */
class Bind9AgentIT {
  private static final int ZONES = 100;

  /** SOA, NS, the name server's A, 6 host A records and a TXT: 10 records per zone. */
  private static final int HOSTS = 6;

  @TempDir Path dir;

  @ParameterizedTest(name = "rndc_transport = {0}")
  @ValueSource(strings = {"native", "exec"})
  void createsUpdatesAndDeletesAHundredZones(String transport) throws Exception {
    List<Name> zones =
        IntStream.range(0, ZONES)
            .mapToObj(i -> TestZones.name("z" + i + "." + transport + ".bind.test."))
            .toList();
    try (Bind9AgentFixture f = Bind9AgentFixture.start(dir, transport)) {
      f.publish(zones, 1, HOSTS);
      // The master announces new zones; let the agent refuse those NOTIFYs (it does not serve
      // the zones yet) before the clock starts, so that the figure is about CREATE alone.
      AgentFixture.await(
          "the master's NOTIFYs",
          Duration.ofSeconds(10),
          () -> f.agent.metrics().requests("notify", null) >= ZONES);

      long start = System.nanoTime();
      List<AgentResponse> created = f.sendAll(AgentCommand.CREATE, zones, 16);
      double answered = seconds(start);
      for (int i = 0; i < ZONES; i++) {
        assertTrue(created.get(i).succeeded(), zones.get(i) + ": " + created.get(i).describe());
      }
      AgentFixture.await(
          "named to serve all zones",
          Duration.ofSeconds(20),
          () -> zones.stream().allMatch(z -> f.queries.serial(z) == 1));
      double served = seconds(start);
      System.out.printf(
          "bind9 through the agent (rndc_transport = %s): %d zones of %d records: CREATE answered"
              + " in %.2f s (%.0f zones/s), all served by named after %.2f s (%.0f zones/s)%n",
          transport, ZONES, HOSTS + 4, answered, ZONES / answered, served, ZONES / served);
      for (Name zone : zones) {
        f.queries.assertServes(TestZones.records(zone, 1, HOSTS));
      }

      // A serial bump on the master: it sends NOTIFY to the agent, which transfers and reloads.
      List<Name> bumped = zones.subList(0, 10);
      f.publish(bumped, 2, HOSTS + 1);
      AgentFixture.await(
          "named to serve serial 2",
          Duration.ofSeconds(20),
          () -> bumped.stream().allMatch(z -> f.queries.serial(z) == 2));
      for (Name zone : bumped) {
        f.queries.assertServes(TestZones.records(zone, 2, HOSTS + 1));
      }
      assertEquals(1, f.queries.serial(zones.get(10)), "zones not bumped keep their serial");

      List<AgentResponse> deleted = f.sendAll(AgentCommand.DELETE, zones, 16);
      for (int i = 0; i < ZONES; i++) {
        assertTrue(deleted.get(i).succeeded(), zones.get(i) + ": " + deleted.get(i).describe());
        assertEquals(Rcode.REFUSED, f.queries.soaRcode(zones.get(i)), zones.get(i).toString());
      }
      try (Stream<Path> left = Files.list(f.zoneFiles)) {
        assertEquals(List.of(), left.toList(), "zone files are removed");
      }
    }
  }

  @Test
  void createOfAZoneDeclaredInNamedConfIsRejectedAndLeavesItAlone() throws Exception {
    Name zone = TestZones.name("static.bind.test.");
    NamedServer.Builder named =
        NamedServer.builder()
            .file(
                "static.zone",
                "$TTL 300\n@ SOA ns hostmaster 77 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n"
                    + "www A 198.51.100.7\n")
            .config("zone \"static.bind.test\" { type primary; file \"static.zone\"; };");
    try (Bind9AgentFixture f = Bind9AgentFixture.start(dir, "native", named)) {
      // The master has the zone too, so the CREATE fails in the backend, not in the transfer.
      f.publish(List.of(zone), 5, 2);

      AgentResponse create = f.client(false).create(zone);
      assertEquals(Rcode.SERVFAIL, create.rcode(), create.describe());
      assertTrue(
          f.details(zone).stream().anyMatch(d -> d.contains("another definition")),
          f.details(zone).toString());
      AgentResponse delete = f.client(true).delete(zone);
      assertEquals(Rcode.SERVFAIL, delete.rcode(), delete.describe());

      assertEquals(77, f.queries.serial(zone), "named.conf's zone is still served");
      assertEquals(
          "198.51.100.7", f.queries.address(TestZones.name("www.static.bind.test.")).orElseThrow());
      assertTrue(Files.exists(f.named.directory().resolve("static.zone")));
      try (Stream<Path> left = Files.list(f.zoneFiles)) {
        assertEquals(List.of(), left.toList(), "no zone file left behind");
      }
    }
  }

  @Test
  void stoppedNamedFailsRequestsPromptlyAndTheyCompleteOnceItIsBack() throws Exception {
    Name before = TestZones.name("before.bind.test.");
    Name during = TestZones.name("during.bind.test.");
    String quickRetries = "reply_timeout = 2\nretry_initial_delay = 0.3\nretry_max_delay = 1\n";
    try (Bind9AgentFixture f =
        Bind9AgentFixture.start(dir, "native", NamedServer.builder(), quickRetries)) {
      f.publish(List.of(before, during), 3, 2);
      assertTrue(f.client(false).create(before).succeeded());

      f.named.stop();
      long start = System.nanoTime();
      AgentResponse create = f.client(false).create(during);
      assertEquals(Rcode.SERVFAIL, create.rcode(), create.describe());
      AgentResponse delete = f.client(true).delete(before);
      assertEquals(Rcode.SERVFAIL, delete.rcode(), "a DELETE never succeeds unapplied");
      double took = seconds(start);
      // reply_timeout 2 s each: anything near the client's 20 s would be a hang.
      assertTrue(took < 10, "answered after " + took + " s");

      // The operations were journaled and keep retrying: once named is back they complete.
      f.named.restart();
      AgentFixture.await(
          "the CREATE to complete", Duration.ofSeconds(30), () -> f.queries.serial(during) == 3);
      AgentFixture.await(
          "the DELETE to complete", Duration.ofSeconds(30), () -> f.queries.serial(before) == -1);
      AgentResponse again = f.client(false).create(during);
      assertTrue(again.succeeded(), again.describe());
      assertFalse(f.details(during).isEmpty());
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
