// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.testing.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * bind9 never leaves a zone file named cannot load (issue 17 item 7): a zone named would refuse
 * (here: an NS in the zone without an address) is checked beside the served file and refused, or,
 * where named-checkzone is not used, put back after named's reload fails; the previous file stays,
 * the operation fails visibly, and after a restart named still serves the previous version.
 */
class Bind9ZoneFileSafetyTest {
  @TempDir Path state;

  @ParameterizedTest(name = "named-checkzone={0}")
  @ValueSource(booleans = {true, false})
  void aZoneNamedCannotLoadNeverReplacesTheServedFile(boolean checkzone) throws Exception {
    try (NamedServer named = NamedServer.builder().start();
        Bind9PrimaryBackend backend =
            TestTargets.primary(TestTargets.settings(named, "native"), ContractContext.in(state))) {
      backend.start();
      backend.useCheckzone(checkzone);
      Name zone = name("unloadable.example.");
      backend.createZone(TestZones.small(zone, 1, "192.0.2.1"));
      Path file = zoneFile(zone);

      BackendException e =
          assertThrows(BackendException.class, () -> backend.updateZone(unloadable(zone, 2)));
      assertTrue(e.getMessage().contains(zone.toString()), e.getMessage());
      assertEquals(1, ZoneFiles.readSoa(file, zone).orElseThrow().getSerial(), "file kept");
      assertEquals(1, backend.findSoa(zone).orElseThrow().getSerial(), "still served");
      try (Stream<Path> files = Files.list(file.getParent())) {
        assertEquals(List.of(file), files.toList(), "nothing left beside the zone file");
      }

      named.restart();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (backend.findSoa(zone).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100); // named loads added zones after it starts answering
      }
      assertEquals(1, backend.findSoa(zone).orElseThrow().getSerial(), "served after a restart");

      BackendException create =
          assertThrows(
              BackendException.class,
              () -> backend.createZone(unloadable(name("never.example."), 1)));
      assertTrue(create.getMessage().contains("never.example"), create.getMessage());
      // named's addzone refused it (no named-checkzone beforehand for a new zone), and the
      // message still says why in named-checkzone's words where it runs; never retried.
      assertEquals(BackendException.Kind.REJECTED, create.kind(), create.getMessage());
      if (checkzone) {
        assertTrue(create.getMessage().contains("no address records"), create.getMessage());
      }
      assertTrue(Files.notExists(zoneFile(name("never.example."))), "no unloadable file left");
    }
  }

  private Path zoneFile(Name zone) throws Exception {
    try (Stream<Path> all = Files.walk(state)) {
      Path any = all.filter(p -> p.toString().endsWith(".zone")).findFirst().orElseThrow();
      return ZoneFiles.pathFor(any.getParent(), zone, ".zone");
    }
  }

  /** A zone named refuses to load: its NS lies inside the zone and has no address. */
  private static ZoneContent unloadable(Name zone, long serial) throws Exception {
    Name ns = Name.fromString("ns", zone);
    List<Record> records =
        List.of(
            new SOARecord(
                zone, DClass.IN, 300, ns, Name.fromString("h", zone), serial, 60, 60, 600, 60),
            new NSRecord(zone, DClass.IN, 300, ns));
    return ZoneContent.of(zone, records);
  }
}
