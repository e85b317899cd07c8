// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** {@link MasterEvents#transferSent}: one event per AXFR or IXFR that carried data. */
class TransferEventsTest {
  private static final Name ZONE = name("example.org.");
  @TempDir Path dir;

  @Test
  void everyTransferThatCarriesDataIsReported() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    MasterEvents events =
        new MasterEvents() {
          @Override
          public void transferSent(Name zone, long serial, boolean incremental) {
            seen.add(zone + " " + serial + (incremental ? " IXFR" : " AXFR"));
          }
        };
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 3));
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .build(),
            events)) {
      master.start();
      DnsClient.axfr(master, ZONE, null).run();
      TestZones.overwrite(dir, "example.org.zone", TestZones.small(2, 4));
      master.reloadNow();
      DnsClient.ixfr(master, ZONE, 1, null).run(); // the difference 1 -> 2
      DnsClient.ixfr(master, ZONE, 2, null).run(); // current: the SOA alone, no transfer
      DnsClient.ixfr(master, ZONE, 0, null).run(); // an older serial not held: the whole zone

      // Reported once the last message is sent, which the client may see first.
      for (int i = 0; i < 500 && seen.size() < 3; i++) {
        Thread.sleep(10);
      }
      assertEquals(
          List.of("example.org. 1 AXFR", "example.org. 2 IXFR", "example.org. 2 AXFR"), seen);
    }
  }
}
