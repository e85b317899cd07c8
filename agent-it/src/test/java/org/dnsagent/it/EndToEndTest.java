// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.client.AgentTargetClient;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.TargetOutcome;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Controller → agent → local master → files, over real loopback sockets. */
class EndToEndTest {
  @TempDir Path dir;

  @Test
  void createUpdateDelete() throws Exception {
    Name zone = TestZones.name("e2e.test.");
    try (AgentFixture f = AgentFixture.start(dir)) {
      f.publish(zone, 100, 5);
      AgentResponse created = f.client().create(zone);
      assertTrue(created.succeeded(), created.describe());
      assertEquals(TestZones.records(zone, 100, 5), read(f.zoneFile(zone), zone));

      // The master notices the new serial and sends NOTIFY; the agent transfers the change.
      f.publish(zone, 101, 8);
      AgentFixture.await("serial 101", Duration.ofSeconds(10), () -> serial(f, zone) == 101);
      assertEquals(
          new HashSet<>(TestZones.records(zone, 101, 8)),
          new HashSet<>(read(f.zoneFile(zone), zone)));
      AgentFixture.await(
          "the update to finish",
          Duration.ofSeconds(5),
          () -> details(f).stream().anyMatch(d -> d.contains("IXFR 100 -> 101")));

      AgentResponse deleted = f.client().delete(zone);
      assertTrue(deleted.succeeded(), deleted.describe());
      assertFalse(Files.exists(f.zoneFile(zone)));
      assertTrue(f.client().delete(zone).succeeded(), "deleting an absent zone succeeds");
    }
  }

  @Test
  void soaQueriesAreAnsweredFromTheBackend() throws Exception {
    Name zone = TestZones.name("soa.test.");
    try (AgentFixture f = AgentFixture.start(dir)) {
      f.publish(zone, 7, 1);
      assertTrue(f.client().create(zone).succeeded());
      SimpleResolver resolver = new SimpleResolver(f.agentAddress());
      Message reply = resolver.send(Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
      assertEquals(Rcode.NOERROR, reply.getRcode());
      assertTrue(reply.getHeader().getFlag(Flags.AA));
      assertEquals(7, ((SOARecord) reply.getSection(Section.ANSWER).get(0)).getSerial());
      Message unknown =
          resolver.send(
              Message.newQuery(
                  Record.newRecord(TestZones.name("nope.test."), Type.SOA, DClass.IN)));
      assertEquals(Rcode.REFUSED, unknown.getRcode());
    }
  }

  @Test
  void repeatedAndConcurrentCreatesAllSucceedWithOneTransfer() throws Exception {
    Name zone = TestZones.name("many.test.");
    try (AgentFixture f = AgentFixture.start(dir)) {
      f.publish(zone, 1, 50);
      ExecutorService pool = Executors.newFixedThreadPool(10);
      try {
        List<Future<AgentResponse>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          AgentClient client = i % 2 == 0 ? f.client() : f.tcpClient();
          replies.add(pool.submit(() -> client.create(zone)));
        }
        for (Future<AgentResponse> r : replies) {
          assertTrue(r.get().succeeded(), r.get().describe());
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(f.client().create(zone).succeeded(), "CREATE of a served zone is a success");
      long transfers = details(f).stream().filter(d -> d.startsWith("created")).count();
      assertEquals(1, transfers, details(f).toString());
    }
  }

  @Test
  void notifyWithoutNewSerialTransfersNothing() throws Exception {
    Name zone = TestZones.name("same.test.");
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      f.publish(zone, 5, 2);
      assertTrue(f.client().create(zone).succeeded());
      AgentResponse notified = f.client().notify(zone);
      assertTrue(notified.succeeded(), notified.describe());
      AgentFixture.await(
          "the NOTIFY to be handled",
          Duration.ofSeconds(5),
          () -> details(f).stream().anyMatch(d -> d.startsWith("up to date at serial 5")));
      assertEquals(
          Rcode.REFUSED,
          f.client().notify(TestZones.name("unknown.test.")).rcode(),
          "Designate refuses NOTIFY for unknown zones");
    }
  }

  @Test
  void createOfAZoneTheMastersLackFails() throws Exception {
    try (AgentFixture f = AgentFixture.start(dir)) {
      AgentResponse r = f.client().create(TestZones.name("absent.test."));
      assertEquals(Rcode.SERVFAIL, r.rcode());
      assertFalse(r.authoritative());
    }
  }

  @Test
  void mastersAreTriedInOrder() throws Exception {
    Name zone = TestZones.name("failover.test.");
    int dead = org.dnsagent.testing.servers.FreePorts.tcpAndUdp();
    Path conf = dir.resolve("x");
    Files.createDirectories(conf);
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      f.publish(zone, 3, 1);
      // A second agent whose first master is a closed port.
      try (AgentFixture g =
          AgentFixture.start(
              conf,
              "masters = 127.0.0.1:"
                  + dead
                  + ", 127.0.0.1:"
                  + f.master.port()
                  + "\nsoa_query_timeout = 0.3\n",
              false)) {
        AgentResponse r = g.client().create(zone);
        assertTrue(r.succeeded(), r.describe());
        assertEquals(3, serial(g, zone));
      }
    }
  }

  @Test
  void transferLimitsProtectTheBackend() throws Exception {
    Name zone = TestZones.name("big.test.");
    try (AgentFixture f = AgentFixture.start(dir, "transfer_max_records = 20\n", false)) {
      f.publish(zone, 1, 100);
      assertEquals(Rcode.SERVFAIL, f.client().create(zone).rcode());
      assertFalse(Files.exists(f.zoneFile(zone)), "a refused transfer writes nothing");
      try (var spool = Files.list(dir.resolve("state/spool"))) {
        assertEquals(0, spool.count(), "no spool file left");
      }
    }
  }

  @Test
  void poolTargetClientRetriesAsDesignateDoes() throws Exception {
    Name zone = TestZones.name("retry.test.");
    try (AgentFixture f = AgentFixture.start(dir)) {
      f.publish(zone, 9, 1);
      RetryPolicy quick =
          new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(2));
      TargetOutcome ok =
          new AgentTargetClient(f.agentAddress(), java.util.Optional.empty(), quick, false)
              .run(AgentCommand.CREATE, zone);
      assertTrue(ok.succeeded());
      assertEquals(1, ok.attempts());
      TargetOutcome missing =
          new AgentTargetClient(f.agentAddress(), java.util.Optional.empty(), quick, false)
              .run(AgentCommand.CREATE, TestZones.name("nothere.test."));
      assertFalse(missing.succeeded());
      assertEquals(3, missing.attempts());
      assertTrue(missing.errors().get(0).contains("SERVFAIL"), missing.errors().toString());
    }
  }

  private static long serial(AgentFixture f, Name zone) {
    try {
      return f.agentSoa(zone).map(SOARecord::getSerial).orElse(-1L);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static List<String> details(AgentFixture f) {
    return f.agent.operations().list().stream().map(OperationView::detail).toList();
  }

  static List<Record> read(Path file, Name zone) throws Exception {
    List<Record> out = new ArrayList<>();
    try (RecordReader r = ZoneFiles.openReader(file, zone)) {
      for (Record x = r.next(); x != null; x = r.next()) {
        out.add(x);
      }
    }
    return out;
  }
}
