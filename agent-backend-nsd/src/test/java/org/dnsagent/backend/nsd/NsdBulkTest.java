// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NsdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * 1,000 zones created and deleted by many worker threads at once, as a NOTIFY storm or a pool
 * resync would: they go to NSD in a few addzones/delzones calls of at most 200 lines, never one
 * call per zone, and every zone is served (then refused) when its call returns; NSD's response rate
 * limiting never drops the backend's probes.
 */
class NsdBulkTest {
  private static final int ZONES = 1000;
  private static final int WORKERS = 64;

  @TempDir Path state;

  @Test
  void thousandZonesGoThroughBatchedAddzonesAndDelzones() throws Exception {
    try (NsdServer nsd =
        NsdServer.builder()
            .control(NsdServer.Control.UNIX)
            .config(NsdTargets.primaryConfig(state))
            .start()) {
      Map<String, String> settings = NsdTargets.settings(nsd, "native", state);
      settings.put("timeout", "60");
      List<Name> zones = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        zones.add(TestZones.name(String.format("z%04d.bulk.example.", i)));
      }
      try (ContentBackend backend =
          (ContentBackend) NsdTargets.backend(settings, ContractContext.in(state))) {
        backend.start();
        long start = System.nanoTime();
        Queries.inParallel(
            zones, WORKERS, z -> backend.createZone(NsdPrimaryContract.zone(z, 7, "192.0.2.7")));
        long created = System.nanoTime();
        for (Name z : zones) {
          assertEquals(7, Queries.soa(Queries.query(nsd.dnsAddress(), z, Type.SOA)).getSerial());
        }
        int adds = countCommands(nsd, "addzones");
        assertTrue(adds >= ZONES / 200, adds + " addzones calls");
        // Group commit: calls made while one runs go in the next; how many meet depends on timing.
        assertTrue(adds <= ZONES * 3 / 4, adds + " addzones calls: not batched");
        assertEquals(0, countCommands(nsd, "addzone"), "no single addzone");

        long deleteStart = System.nanoTime();
        Queries.inParallel(zones, WORKERS, backend::deleteZone);
        long deleted = System.nanoTime();
        int deletes = countCommands(nsd, "delzones");
        System.out.printf(
            "nsd bulk: %d zones created and served in %.2f s (%d addzones calls),"
                + " deleted in %.2f s (%d delzones calls)%n",
            ZONES, (created - start) / 1e9, adds, (deleted - deleteStart) / 1e9, deletes);
        assertTrue(deletes <= ZONES * 3 / 4, deletes + " delzones calls: not batched");
        assertEquals(0, countCommands(nsd, "delzone"), "no single delzone");
        // NSD's response rate limiting (on in Debian's build) drops UDP answers beyond 200 REFUSED
        // a second per source; the backend's waits probe over TCP, which it never limits. Over UDP
        // the deletes' probes were blocked most of the time and took about 30 s instead of ~3 s.
        assertEquals(
            List.of(),
            nsd.log().lines().filter(l -> l.contains("ratelimit block")).toList(),
            "NSD rate-limited the backend's probes");
        for (Name z : zones) {
          assertEquals(Rcode.REFUSED, Queries.query(nsd.dnsAddress(), z, Type.SOA).getRcode());
        }
      }
      try (var files = Files.list(state.resolve("zones"))) {
        assertEquals(0, files.count(), "every zone file removed");
      }
    }
  }

  /** NSD logs every control command ("control cmd: addzones"). */
  private static int countCommands(NsdServer nsd, String verb) {
    int n = 0;
    for (String line : nsd.log().split("\n")) {
      if (line.endsWith("control cmd: " + verb)) {
        n++;
      }
    }
    return n;
  }
}
