// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dnsagent.master.ZoneDiff;
import org.dnsagent.master.ZoneServer;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The relay's IXFR history on disk: written, reloaded after a restart, bounded, and dropped if
 * damaged.
 */
class RelayHistoryTest {
  private static final Name ZONE = TestZones.name("history.relay.example.");
  private Path directory;

  @BeforeEach
  void directory() throws IOException {
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    directory = Files.createTempDirectory(tmp, "relay-history-");
  }

  private RelayZones relay() throws IOException {
    RelayZones relay =
        new RelayZones(
            directory,
            ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxDiffsPerZone(2)
                .threadPrefix("relay-history-test")
                .build());
    relay.start();
    return relay;
  }

  /** Puts serials 1 to 4 (one host more each time): three differences, two kept. */
  private void putFourVersions() throws IOException {
    try (RelayZones relay = relay()) {
      for (int serial = 1; serial <= 4; serial++) {
        relay.put(TestZones.streamed(ZONE, serial, serial + 2));
      }
    }
  }

  private static ZoneTransferIn ixfrFrom(RelayZones relay, long serial) throws Exception {
    ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(ZONE, serial, false, relay.address(), null);
    ixfr.setTimeout(Duration.ofSeconds(10));
    ixfr.run();
    return ixfr;
  }

  @Test
  void historyIsWrittenBoundedAndReloaded() throws Exception {
    putFourVersions();
    List<ZoneDiff> kept = RelayHistory.read(directory, ZONE);
    assertEquals(2, kept.size(), "bounded to relay_ixfr_history");
    assertEquals(List.of(2L, 3L), kept.stream().map(ZoneDiff::fromSerial).toList());
    assertEquals(4, kept.get(1).toSerial());
    assertEquals(
        RelayHistory.pathFor(directory, ZONE).getParent(),
        directory.toAbsolutePath().normalize(),
        "beside the zone file");

    try (RelayZones relay = relay()) {
      ZoneTransferIn fromTwo = ixfrFrom(relay, 2);
      assertTrue(fromTwo.isIXFR(), "IXFR from a kept serial is incremental after a restart");
      assertEquals(2, fromTwo.getIXFR().size());
      assertEquals(1, relay.counters().incrementalTransfers.get());
      ZoneTransferIn fromOne = ixfrFrom(relay, 1);
      assertFalse(fromOne.isIXFR(), "serial 1 fell out of the history: whole zone");
      assertEquals(1, relay.counters().fullTransfers.get());

      relay.put(TestZones.streamed(ZONE, 5, 7));
      assertEquals(
          List.of(3L, 4L),
          RelayHistory.read(directory, ZONE).stream().map(ZoneDiff::fromSerial).toList(),
          "the reloaded history goes on");
      assertTrue(relay.remove(ZONE));
    }
    assertFalse(Files.exists(RelayHistory.pathFor(directory, ZONE)), "removed with the zone");
  }

  @Test
  void aDamagedHistoryIsDroppedAndTheZoneStillServed() throws Exception {
    putFourVersions();
    Path file = RelayHistory.pathFor(directory, ZONE);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
    assertThrows(IOException.class, () -> RelayHistory.read(directory, ZONE));
    assertServedWithoutHistory();

    Files.write(file, Arrays.copyOf(bytes, bytes.length / 3)); // a torn write
    assertThrows(IOException.class, () -> RelayHistory.read(directory, ZONE));
    assertServedWithoutHistory();
  }

  @Test
  void aHistoryNotEndingAtTheZonesSerialIsDropped() throws Exception {
    putFourVersions();
    Path file = RelayHistory.pathFor(directory, ZONE);
    byte[] stale = Files.readAllBytes(file);
    try (RelayZones relay = relay()) {
      relay.put(TestZones.streamed(ZONE, 5, 7));
    }
    Files.write(file, stale); // as if the agent died between the zone file and its history
    try (RelayZones relay = relay()) {
      assertEquals(5, relay.soa(ZONE).orElseThrow().getSerial());
      assertFalse(ixfrFrom(relay, 3).isIXFR(), "the stale history is not used");
    }
  }

  private void assertServedWithoutHistory() throws Exception {
    try (RelayZones relay = relay()) {
      assertEquals(4, relay.soa(ZONE).orElseThrow().getSerial(), "the zone is still served");
      ZoneTransferIn ixfr = ixfrFrom(relay, 3);
      assertFalse(ixfr.isIXFR(), "AXFR only");
      assertTrue(ixfr.isAXFR());
      assertEquals(0, relay.counters().incrementalTransfers.get());
    }
  }
}
