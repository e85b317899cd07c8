// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Record;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Loads and transfers a million-record zone. Too slow for every build: run it with {@code mvn -pl
 * agent-master test -Dtest=LargeZoneBenchmarkTest -Ddnsagent.bench=true}.
 */
@EnabledIfSystemProperty(named = "dnsagent.bench", matches = "true")
class LargeZoneBenchmarkTest {
  private static final int HOSTS = Integer.getInteger("dnsagent.bench.hosts", 1_000_000);
  @TempDir Path dir;

  @Test
  void millionRecordZone() throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("big.test.zone"))) {
      w.write(TestZones.header(1));
      for (int i = 0; i < HOSTS; i++) {
        w.write(
            "host" + i + " A 10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + "\n");
      }
    }
    long t0 = System.nanoTime();
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .build())) {
      master.start();
      System.out.printf("load %d records: %d ms%n", HOSTS + 3, millisSince(t0));
      for (int run = 0; run < 3; run++) {
        long t1 = System.nanoTime();
        long[] count = new long[1];
        DnsClient.axfr(master, name("big.test."), null).run(new Counter(count));
        System.out.printf("AXFR %d records: %d ms%n", count[0], millisSince(t1));
        assertEquals(HOSTS + 4, count[0]);
      }
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Counts records without keeping them. */
  private static final class Counter implements ZoneTransferIn.ZoneTransferHandler {
    private final long[] count;

    Counter(long[] count) {
      this.count = count;
    }

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
      count[0]++;
    }
  }
}
