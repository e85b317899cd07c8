// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dnsagent.spi.AddressAcl;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** The serving library on its own: zones published by the caller, an allow list, bind errors. */
class ZoneServerTest {
  private static final Name ZONE = TestZones.name("served.example.");
  private static final Path SOURCE = Path.of("memory");

  private static List<Record> zone(long serial, int hosts) throws Exception {
    return TestZones.parse(TestZones.small(serial, hosts), ZONE);
  }

  private static ZoneServer.Published publish(ZoneServer server, List<Record> all) {
    SOARecord soa = (SOARecord) all.get(0);
    return server.publish(ZONE, soa, all.subList(1, all.size()), SOURCE);
  }

  @Test
  void publishedZonesTransferByAxfrThenIxfrAndTheEventsSayWhich() throws Exception {
    List<String> transfers = new CopyOnWriteArrayList<>();
    MasterEvents events =
        new MasterEvents() {
          @Override
          public void transferSent(
              Name zone, long serial, boolean incremental, InetAddress client) {
            transfers.add((incremental ? "IXFR " : "AXFR ") + serial + " " + client);
          }
        };
    try (ZoneServer server =
        new ZoneServer(
            ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0))
                .allow(AddressAcl.parse(List.of("127.0.0.1")))
                .build(),
            events)) {
      assertEquals(ZoneServer.Published.NEW, publish(server, zone(1, 3)));
      server.start();
      ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE, server.address(), null);
      axfr.setTimeout(Duration.ofSeconds(30));
      axfr.run();
      assertEquals(3 + 3 + 1, axfr.getAXFR().size(), "SOA, NS, glue, 3 hosts, closing SOA");

      assertEquals(ZoneServer.Published.UNCHANGED, publish(server, zone(1, 3)));
      assertEquals(ZoneServer.Published.UPDATED, publish(server, zone(2, 4)));
      assertEquals(2, server.soa(ZONE).orElseThrow().getSerial());
      ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(ZONE, 1, false, server.address(), null);
      ixfr.setTimeout(Duration.ofSeconds(30));
      ixfr.run();
      assertTrue(ixfr.isIXFR(), "answered incrementally");
      List<Record> added = new ArrayList<>();
      ixfr.getIXFR().forEach(delta -> added.addAll(delta.adds));
      assertTrue(
          added.stream().anyMatch(r -> r.getName().toString().startsWith("h3.")),
          "h3 added: " + added);
      assertEquals(List.of("AXFR 1 /127.0.0.1", "IXFR 2 /127.0.0.1"), transfers);

      assertTrue(server.withdraw(ZONE));
      assertFalse(server.withdraw(ZONE));
      SimpleResolver resolver = new SimpleResolver(server.address());
      resolver.setTimeout(Duration.ofSeconds(5));
      Message reply = resolver.send(DnsClient.query(ZONE, Type.SOA));
      assertEquals(Rcode.REFUSED, reply.getRcode(), "a withdrawn zone is not served");
    }
  }

  @Test
  void aSeededHistoryAnswersIxfrInAFreshServer() throws Exception {
    List<ZoneDiff> history;
    try (ZoneServer first =
        new ZoneServer(ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0)).build())) {
      publish(first, zone(1, 3));
      publish(first, zone(2, 4));
      publish(first, zone(3, 5));
      history = first.history(ZONE);
    }
    assertEquals(List.of(1L, 2L), history.stream().map(ZoneDiff::fromSerial).toList());
    try (ZoneServer second =
        new ZoneServer(
            ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxDiffsPerZone(1)
                .build())) {
      assertFalse(second.seedHistory(ZONE, history), "not served yet");
      publish(second, zone(2, 4));
      assertFalse(second.seedHistory(ZONE, history), "ends at serial 3, not 2");
      assertTrue(second.history(ZONE).isEmpty());
      publish(second, zone(3, 5));
      assertTrue(second.seedHistory(ZONE, history));
      assertEquals(List.of(2L), second.history(ZONE).stream().map(ZoneDiff::fromSerial).toList());
      second.start();
      ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(ZONE, 2, false, second.address(), null);
      ixfr.setTimeout(Duration.ofSeconds(30));
      ixfr.run();
      assertTrue(ixfr.isIXFR(), "answered from the seeded history");
      assertFalse(second.seedHistory(ZONE, List.of(history.get(1), history.get(0))), "not a chain");
    }
  }

  @Test
  void clientsOutsideTheAllowListAreRefused() throws Exception {
    List<String> refused = new CopyOnWriteArrayList<>();
    MasterEvents events =
        new MasterEvents() {
          @Override
          public void queryRefused(Record question, InetAddress client) {
            refused.add(question.getName() + " " + client.getHostAddress());
          }
        };
    try (ZoneServer server =
        new ZoneServer(
            ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0))
                .allow(AddressAcl.parse(List.of("127.0.0.1/32")))
                .build(),
            events)) {
      server.start();
      publish(server, zone(7, 1));
      for (boolean tcp : new boolean[] {false, true}) {
        SimpleResolver inside = new SimpleResolver(server.address());
        inside.setTCP(tcp);
        inside.setTimeout(Duration.ofSeconds(5));
        assertEquals(Rcode.NOERROR, inside.send(DnsClient.query(ZONE, Type.SOA)).getRcode());
        // 127.0.0.2 is loopback too on Linux, but not in the list.
        SimpleResolver outside = new SimpleResolver(server.address());
        outside.setLocalAddress(InetAddress.getByName("127.0.0.2"));
        outside.setTCP(tcp);
        outside.setTimeout(Duration.ofSeconds(5));
        assertEquals(
            Rcode.REFUSED,
            outside.send(DnsClient.query(ZONE, Type.SOA)).getRcode(),
            tcp ? "TCP" : "UDP");
      }
      ZoneTransferIn axfr = ZoneTransferIn.newAXFR(ZONE, server.address(), null);
      axfr.setLocalAddress(new InetSocketAddress("127.0.0.2", 0));
      axfr.setTimeout(Duration.ofSeconds(10));
      Exception e = assertThrows(Exception.class, axfr::run);
      assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
      assertEquals(3, refused.size(), refused.toString());
      assertEquals("served.example. 127.0.0.2", refused.get(0));
    }
  }

  @Test
  void aTakenPortIsNamedWithItsProtocol() throws Exception {
    try (ZoneServer first =
        new ZoneServer(ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0)).build())) {
      first.start();
      InetSocketAddress taken = first.address();
      ZoneServer second = new ZoneServer(ZoneServer.Options.builder(taken).build());
      BindException e = assertThrows(BindException.class, second::start);
      assertTrue(
          e.getMessage().startsWith("cannot listen on TCP 127.0.0.1:" + taken.getPort() + ": "),
          e.getMessage());
      second.close();
    }
    // TCP free, UDP taken: the error names UDP.
    try (java.net.DatagramSocket udp =
        new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      int port = udp.getLocalPort();
      ZoneServer server =
          new ZoneServer(
              ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", port)).build());
      BindException e = assertThrows(BindException.class, server::start);
      assertTrue(
          e.getMessage().startsWith("cannot listen on UDP 127.0.0.1:" + port + ": "),
          e.getMessage());
      server.close();
    }
  }
}
