// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.master.ZoneServer;
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.ZoneTransferIn;

/**
 * What the relay's own work costs (no PowerShell): keeping and serving many small zones, reloading
 * them at start, and a big zone's full update, incremental update and IXFR. Too slow for every
 * build: {@code mvn -pl agent-backend-msdns -am verify -Dtest=RelayBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddnsagent.bench=true}.
 */
@EnabledIfSystemProperty(named = "dnsagent.bench", matches = "true")
class RelayBenchmarkTest {
  private static final int ZONES = Integer.getInteger("dnsagent.bench.zones", 1000);
  private static final int BIG = Integer.getInteger("dnsagent.bench.hosts", 100_000);
  @TempDir Path dir;

  private RelayZones relay() {
    return new RelayZones(
        dir.resolve("relay"),
        ZoneServer.Options.builder(new InetSocketAddress("127.0.0.1", 0))
            .allow(AddressAcl.parse(List.of("127.0.0.1")))
            .build());
  }

  @Test
  void manySmallZonesThenOneBigOne() throws Exception {
    try (RelayZones relay = relay()) {
      relay.start();
      long t0 = System.nanoTime();
      for (int i = 0; i < ZONES; i++) {
        relay.put(TestZones.streamed(TestZones.name("z" + i + ".bench.example."), 1, 20));
      }
      report("kept and served " + ZONES + " zones of 24 records", t0, ZONES);
    }
    long t1 = System.nanoTime();
    try (RelayZones relay = relay()) {
      relay.start();
      report("reloaded " + ZONES + " zones at start", t1, ZONES);
      assertEquals(ZONES, relay.size());

      Name big = TestZones.name("big.bench.example.");
      long t2 = System.nanoTime();
      relay.put(TestZones.streamed(big, 1, BIG));
      report("kept a zone of " + BIG + " hosts", t2, 1);
      long t3 = System.nanoTime();
      relay.put(TestZones.streamed(big, 2, BIG + 1));
      report("full update of it (one host added, diff computed)", t3, 1);
      long t4 = System.nanoTime();
      relay.apply(
          new ZoneChanges(
              big,
              TestZones.soa(big, 2),
              TestZones.soa(big, 3),
              List.of(TestZones.host(big, 0)),
              List.of()));
      report("IXFR changes applied to it (one host deleted)", t4, 1);
      long t5 = System.nanoTime();
      ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(big, 1, false, relay.address(), null);
      ixfr.setTimeout(Duration.ofSeconds(60));
      ixfr.run();
      report("IXFR 1 -> 3 served", t5, 1);
      assertTrue(ixfr.isIXFR());
    }
  }

  private static void report(String what, long start, int count) {
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("relay bench: %s: %.0f ms (%.2f ms each)%n", what, ms, ms / count);
  }
}
