// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** The transfer client against primaries that answer, refuse, stall and hang up as scripted. */
class ZoneTransferClientTest {
  private static final Name ZONE = TestZones.name("xfr.test.");
  private static final TransferLimits FAST =
      new TransferLimits(
          Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofSeconds(5), 1000, 1 << 20);

  @TempDir Path spool;

  private static SOARecord soa(long serial) {
    return TestZones.soa(ZONE, serial);
  }

  private static Record host(int i) throws IOException {
    return new ARecord(
        TestZones.name("h" + i + "." + ZONE),
        DClass.IN,
        300,
        InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i}));
  }

  /** SOA, {@code hosts} A records, SOA: an AXFR answer, split into messages of 3 records. */
  private static List<List<Record>> axfr(long serial, int hosts) throws IOException {
    List<Record> all = new ArrayList<>();
    all.add(soa(serial));
    for (int i = 0; i < hosts; i++) {
      all.add(host(i));
    }
    all.add(soa(serial));
    List<List<Record>> messages = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 3) {
      messages.add(all.subList(i, Math.min(all.size(), i + 3)));
    }
    return messages;
  }

  private ZoneTransferClient client(TransferLimits limits) {
    return new ZoneTransferClient(
        limits, Duration.ofSeconds(1), Optional.empty(), spool, TransferObserver.NONE);
  }

  private static MasterServer at(ScriptedPrimary p) {
    return new MasterServer(p.address(), Optional.empty());
  }

  private static List<Record> read(SpooledZone zone) throws IOException {
    List<Record> out = new ArrayList<>();
    try (RecordReader r = zone.openRecords()) {
      for (Record rec = r.next(); rec != null; rec = r.next()) {
        out.add(rec);
      }
    }
    return out;
  }

  private long spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.count();
    }
  }

  @Test
  void axfrOverSeveralMessages() throws Exception {
    try (ScriptedPrimary p = new ScriptedPrimary((q, c) -> c.send(q, axfr(5, 10)))) {
      TransferResult r = client(FAST).transfer(ZONE, at(p), Optional.empty());
      try (SpooledZone zone = assertInstanceOf(TransferResult.Full.class, r).zone()) {
        assertEquals(5, zone.serial());
        List<Record> records = read(zone);
        assertEquals(11, records.size(), "SOA and 10 hosts, not the closing SOA");
        assertEquals(soa(5), records.get(0));
        assertEquals(host(9), records.get(10));
      }
    }
  }

  @Test
  void refusedIsFinalAndTheNextMasterIsTried() throws Exception {
    ScriptedPrimary.Script refuse =
        (q, c) -> {
          Message m = ScriptedPrimary.reply(q, true);
          m.getHeader().setRcode(Rcode.REFUSED);
          c.send(m);
        };
    try (ScriptedPrimary refusing = new ScriptedPrimary(refuse);
        ScriptedPrimary serving = new ScriptedPrimary((q, c) -> c.send(q, axfr(3, 1)));
        MasterClient both = masters(refusing, serving);
        MasterClient neither = masters(refusing, refusing)) {
      try (SpooledZone zone = both.transferNew(ZONE).zone()) {
        assertEquals(3, zone.serial());
      }
      TransferException e = assertThrows(TransferException.class, () -> neither.transferNew(ZONE));
      assertFalse(e.retryable(), "no master has the zone: " + e.getMessage());
      assertTrue(e.getMessage().contains("no master served the zone"), e.getMessage());
      assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
    }
  }

  private MasterClient masters(ScriptedPrimary... primaries) {
    return new MasterClient(
        Stream.of(primaries).map(ZoneTransferClientTest::at).toList(),
        Optional.empty(),
        Duration.ofSeconds(1),
        FAST,
        spool);
  }

  @Test
  void aPrimaryThatNeverAnswersIsGivenUp() throws Exception {
    try (ScriptedPrimary p = new ScriptedPrimary((q, c) -> Thread.sleep(1500))) {
      long t0 = System.nanoTime();
      TransferException e =
          assertThrows(
              TransferException.class, () -> client(FAST).transfer(ZONE, at(p), Optional.empty()));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("no answer within 400 ms"), e.getMessage());
      assertTrue(System.nanoTime() - t0 < Duration.ofMillis(1400).toNanos());
    }
  }

  @Test
  void aStalledTransferIsAbortedAndLeavesNoSpoolFile() throws Exception {
    try (ScriptedPrimary p =
        new ScriptedPrimary(
            (q, c) -> {
              List<List<Record>> messages = axfr(5, 3000); // spooled to disk: > 64 KiB
              c.send(q, messages.subList(0, messages.size() - 1));
              Thread.sleep(1500);
            })) {
      TransferException e =
          assertThrows(
              TransferException.class,
              () -> client(FAST.withMaxRecords(10_000)).transfer(ZONE, at(p), Optional.empty()));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("stalled for 400 ms"), e.getMessage());
      assertEquals(0, spoolFiles());
    }
  }

  @Test
  void aTransferThatTakesTooLongInAllIsAborted() throws Exception {
    TransferLimits total =
        new TransferLimits(
            Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(600), 1000, 1 << 20);
    try (ScriptedPrimary p =
        new ScriptedPrimary(
            (q, c) -> {
              List<List<Record>> messages = axfr(5, 60);
              for (int i = 0; i < messages.size(); i++) {
                c.send(q, List.of(messages.get(i)));
                Thread.sleep(100);
              }
            })) {
      TransferException e =
          assertThrows(
              TransferException.class, () -> client(total).transfer(ZONE, at(p), Optional.empty()));
      assertTrue(e.getMessage().contains("not complete within 600 ms"), e.getMessage());
    }
  }

  @Test
  void aPrimaryThatHangsUpMidwayFailsTheTransfer() throws Exception {
    try (ScriptedPrimary p =
        new ScriptedPrimary(
            (q, c) -> {
              List<List<Record>> messages = axfr(5, 10);
              c.send(q, messages.subList(0, 2));
            })) {
      TransferException e =
          assertThrows(
              TransferException.class, () -> client(FAST).transfer(ZONE, at(p), Optional.empty()));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
    }
  }

  @Test
  void nothingListeningFailsAtOnce() throws Exception {
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }
    TransferException e =
        assertThrows(
            TransferException.class,
            () ->
                client(FAST)
                    .transfer(ZONE, new MasterServer(closed, Optional.empty()), Optional.empty()));
    assertTrue(e.retryable());
  }

  @Test
  void tooManyRecordsIsFinal() throws Exception {
    try (ScriptedPrimary p = new ScriptedPrimary((q, c) -> c.send(q, axfr(5, 50)))) {
      TransferException e =
          assertThrows(
              TransferException.class,
              () -> client(FAST.withMaxRecords(20)).transfer(ZONE, at(p), Optional.empty()));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("transfer_max_records"), e.getMessage());
    }
  }

  @Test
  void ixfrWithTwoDifferencesFoldsIntoNetChanges() throws Exception {
    // 1 -> 2: h1 deleted, h7 added; 2 -> 3: h7 deleted again, h8 added.
    List<Record> answer =
        List.of(soa(3), soa(1), host(1), soa(2), host(7), soa(2), host(7), soa(3), host(8), soa(3));
    try (ScriptedPrimary p =
        new ScriptedPrimary(
            (q, c) -> {
              assertEquals(Type.IXFR, q.getQuestion().getType());
              c.send(q, List.of(answer.subList(0, 4), answer.subList(4, answer.size())));
            })) {
      TransferResult r = client(FAST).transfer(ZONE, at(p), Optional.of(soa(1)));
      ZoneChanges changes = assertInstanceOf(TransferResult.Incremental.class, r).changes();
      assertEquals(1, changes.fromSerial());
      assertEquals(3, changes.toSerial());
      assertEquals(List.of(host(1), host(7)), changes.deletions());
      assertEquals(List.of(host(8)), changes.additions());
    }
  }

  @Test
  void ixfrOfACurrentZoneIsUpToDate() throws Exception {
    try (ScriptedPrimary p = new ScriptedPrimary((q, c) -> c.send(q, List.of(List.of(soa(4)))))) {
      TransferResult r = client(FAST).transfer(ZONE, at(p), Optional.of(soa(4)));
      assertInstanceOf(TransferResult.UpToDate.class, r);
    }
  }

  @Test
  void ixfrAnsweredWithTheWholeZoneIsAFullTransfer() throws Exception {
    try (ScriptedPrimary p = new ScriptedPrimary((q, c) -> c.send(q, axfr(9, 4)))) {
      TransferResult r = client(FAST).transfer(ZONE, at(p), Optional.of(soa(1)));
      try (SpooledZone zone = assertInstanceOf(TransferResult.Full.class, r).zone()) {
        assertEquals(9, zone.serial());
        assertEquals(5, zone.recordCount());
      }
    }
  }

  @Test
  void ixfrNotImplementedFallsBackToAxfrOnTheSameConnection() throws Exception {
    try (ScriptedPrimary p =
        new ScriptedPrimary(
            (q, c) -> {
              Message notimp = ScriptedPrimary.reply(q, true);
              notimp.getHeader().setRcode(Rcode.NOTIMP);
              c.send(notimp);
              Message second = c.read();
              assertEquals(Type.AXFR, second.getQuestion().getType());
              c.send(second, axfr(9, 2));
            })) {
      TransferResult r = client(FAST).transfer(ZONE, at(p), Optional.of(soa(1)));
      try (SpooledZone zone = assertInstanceOf(TransferResult.Full.class, r).zone()) {
        assertEquals(3, zone.recordCount());
      }
    }
  }
}
