// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

class TransferTest {
  private static final Name ZONE = name("example.org.");
  @TempDir Path dir;
  private LocalMaster master;

  @AfterEach
  void stop() {
    if (master != null) {
      master.close();
    }
  }

  private LocalMaster start() throws Exception {
    master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .build());
    master.start();
    return master;
  }

  private static long serialOf(Record r) {
    return ((SOARecord) r).getSerial();
  }

  @Test
  void axfrReturnsExactlyTheZoneSoaFirstAndLast() throws Exception {
    String text = TestZones.small(7, 20) + "www IN CNAME h1\nh1 IN TXT \"hello world\"\n";
    TestZones.write(dir, "example.org.zone", text);
    start();

    ZoneTransferIn xfr = DnsClient.axfr(master, ZONE, null);
    xfr.run();

    List<Record> got = xfr.getAXFR();
    assertTrue(xfr.isAXFR());
    assertEquals(Type.SOA, got.get(0).getType());
    assertEquals(7, serialOf(got.get(0)));
    assertEquals(Type.SOA, got.get(got.size() - 1).getType());
    List<Record> expected = TestZones.parse(text, ZONE);
    assertEquals(expected.size() + 1, got.size(), "every record once, SOA twice");
    assertEquals(new HashSet<>(expected), new HashSet<>(got));
  }

  @Test
  void ixfrReturnsDeltasAfterSerialBumps() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 5));
    start();
    // Version 2: h0 gone, h9 added, ns1's TTL changed.
    String v2 =
        TestZones.small(2, 5).replace("h0 IN A 10.0.0.1\n", "").replace("ns1 IN A", "ns1 60 IN A")
            + "h9 IN A 10.9.9.9\n";
    TestZones.write(dir, "example.org.zone", v2);
    master.reloadNow();
    TestZones.write(dir, "example.org.zone", v2.replace("( 2 ", "( 3 ") + "h10 IN A 10.9.9.10\n");
    master.reloadNow();
    assertEquals(3, master.zone(ZONE).orElseThrow().serial());

    ZoneTransferIn xfr = DnsClient.ixfr(master, ZONE, 1, null);
    xfr.run();

    assertTrue(xfr.isIXFR());
    List<ZoneTransferIn.Delta> deltas = xfr.getIXFR();
    assertEquals(2, deltas.size());
    ZoneTransferIn.Delta first = deltas.get(0);
    assertEquals(1, first.start);
    assertEquals(2, first.end);
    // dnsjava puts each delta's SOA first in its lists.
    Set<String> deleted = names(first.deletes);
    Set<String> added = names(first.adds);
    assertEquals(
        Set.of("SOA example.org. 1", "A h0.example.org. 300", "A ns1.example.org. 300"), deleted);
    assertEquals(
        Set.of("SOA example.org. 2", "A h9.example.org. 300", "A ns1.example.org. 60"), added);
    assertEquals(Set.of("SOA example.org. 3", "A h10.example.org. 300"), names(deltas.get(1).adds));
    assertEquals(Set.of("SOA example.org. 2"), names(deltas.get(1).deletes));

    ZoneTransferIn fromTwo = DnsClient.ixfr(master, ZONE, 2, null);
    fromTwo.run();
    assertTrue(fromTwo.isIXFR());
    assertEquals(1, fromTwo.getIXFR().size());

    ZoneTransferIn current = DnsClient.ixfr(master, ZONE, 3, null);
    current.run();
    assertTrue(current.isCurrent());
  }

  private static Set<String> names(List<Record> records) {
    return records.stream()
        .map(
            r ->
                Type.string(r.getType())
                    + " "
                    + r.getName()
                    + " "
                    + (r instanceof SOARecord ? serialOf(r) : r.getTTL()))
        .collect(Collectors.toSet());
  }

  @Test
  void ixfrFromUnknownSerialFallsBackToAxfr() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(10, 3));
    start();
    TestZones.write(dir, "example.org.zone", TestZones.small(11, 4));
    master.reloadNow();

    ZoneTransferIn xfr = DnsClient.ixfr(master, ZONE, 5, null);
    xfr.run();

    assertTrue(xfr.isAXFR());
    assertFalse(xfr.isIXFR());
    List<Record> got = xfr.getAXFR();
    assertEquals(TestZones.parse(TestZones.small(11, 4), ZONE).size() + 1, got.size());
    assertEquals(11, serialOf(got.get(0)));
  }

  @Test
  void onlyTheLastFewDiffsAreKept() throws Exception {
    master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .maxDiffsPerZone(2)
                .build());
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 1));
    master.start();
    for (int serial = 2; serial <= 4; serial++) {
      TestZones.write(dir, "example.org.zone", TestZones.small(serial, serial));
      master.reloadNow();
    }
    ZoneTransferIn fromOne = DnsClient.ixfr(master, ZONE, 1, null);
    fromOne.run();
    assertTrue(fromOne.isAXFR(), "diff 1->2 was dropped");
    ZoneTransferIn fromTwo = DnsClient.ixfr(master, ZONE, 2, null);
    fromTwo.run();
    assertTrue(fromTwo.isIXFR());
    assertEquals(2, fromTwo.getIXFR().size());
  }

  @Test
  void transfersAreStreamedInSeveralBoundedMessages() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 3000));
    start();
    List<Integer> sizes = new ArrayList<>();
    int records = 0;
    int soas = 0;
    try (DnsClient.Tcp tcp = new DnsClient.Tcp(master.address())) {
      tcp.send(DnsClient.query(ZONE, Type.AXFR).toWire());
      while (soas < 2) {
        byte[] raw = tcp.receiveRaw();
        sizes.add(raw.length);
        Message m = new Message(raw);
        assertEquals(Rcode.NOERROR, m.getRcode());
        for (Record r : m.getSection(Section.ANSWER)) {
          records++;
          soas += r.getType() == Type.SOA ? 1 : 0;
        }
      }
      // The same connection still answers: several queries per connection.
      Message soa = tcp.exchange(DnsClient.query(ZONE, Type.SOA));
      assertEquals(1, soa.getSection(Section.ANSWER).size());
    }
    assertEquals(3000 + 2 + 2, records);
    assertTrue(sizes.size() > 3, "several messages: " + sizes);
    assertTrue(sizes.stream().allMatch(s -> s <= TransferResponder.MESSAGE_TARGET_BYTES + 512));
  }

  @Test
  void largeZoneTransfersCompletely() throws Exception {
    int hosts = 200_000;
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.test.zone"))) {
      w.write(TestZones.header(2024010101));
      for (int i = 0; i < hosts; i++) {
        w.write(
            "host" + i + " A 10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + "\n");
      }
    }
    long loadStart = System.nanoTime();
    start();
    long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
    assertEquals(hosts + 3, master.zone(name("big.test.")).orElseThrow().recordCount());

    long[] count = new long[1];
    Set<Integer> soaPositions = new HashSet<>();
    long xfrStart = System.nanoTime();
    DnsClient.axfr(master, name("big.test."), null)
        .run(
            new ZoneTransferIn.ZoneTransferHandler() {
              @Override
              public void startAXFR() {}

              @Override
              public void startIXFR() {}

              @Override
              public void startIXFRDeletes(Record soa) {}

              @Override
              public void startIXFRAdds(Record soa) {}

              @Override
              public void handleRecord(Record r) {
                if (r.getType() == Type.SOA) {
                  soaPositions.add((int) count[0]);
                } else if (r instanceof ARecord) {
                  assertTrue(
                      r.getName().toString().startsWith("host")
                          || r.getName().toString().startsWith("ns1"));
                }
                count[0]++;
              }
            });
    long xfrMillis = (System.nanoTime() - xfrStart) / 1_000_000;
    System.out.printf("200k-record zone: load %d ms, AXFR %d ms%n", loadMillis, xfrMillis);
    assertEquals(hosts + 2 + 2, count[0]);
    assertEquals(Set.of(0, hosts + 3), soaPositions);
  }

  @Test
  void manyConcurrentTransfersOfSmallZones() throws Exception {
    int zones = 100;
    for (int z = 0; z < zones; z++) {
      TestZones.write(dir, "z" + z + ".test.zone", TestZones.small(z + 1, 10));
    }
    start();
    assertEquals(zones, master.zones().size());
    int transfers = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < transfers; i++) {
        Name zone = name("z" + (i % zones) + ".test.");
        results.add(
            pool.submit(
                () -> {
                  ZoneTransferIn xfr = DnsClient.axfr(master, zone, null);
                  xfr.run();
                  return xfr.getAXFR().size();
                }));
      }
      for (Future<Integer> f : results) {
        assertEquals(10 + 3 + 1, f.get(30, TimeUnit.SECONDS));
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("%d AXFRs of %d small zones in %d ms%n", transfers, zones, millis);
    } finally {
      pool.shutdownNow();
    }
  }
}
