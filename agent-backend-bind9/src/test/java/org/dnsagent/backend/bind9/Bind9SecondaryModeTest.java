// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.backend.bind9.TestZones.name;
import static org.dnsagent.backend.bind9.TestZones.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** zone_mode = secondary: named transfers from the masters itself, with their TSIG key. */
class Bind9SecondaryModeTest {
  @TempDir Path state;

  private static String zoneFile(long serial) {
    return "$TTL 300\n@ SOA ns hostmaster " + serial + " 60 60 600 60\n@ NS ns\nns A 127.0.0.1\n";
  }

  @Test
  void namedTransfersFromTheMasterWithItsKeyAndRefreshesOnDemand() throws Exception {
    TsigKeySpec xfr = new TsigKeySpec("xfr-key", "hmac-sha256", NamedServer.newSecret());
    String key = NamedServer.keyStatement(xfr.name(), xfr.algorithm(), xfr.secret());
    Name zone = name("secondary.example.");
    try (NamedServer primary =
            NamedServer.builder()
                .file("secondary.zone", zoneFile(1))
                .config(
                    key
                        + "zone \"secondary.example\" { type primary; file \"secondary.zone\";"
                        + " allow-transfer { key xfr-key; }; };")
                .start();
        // The operator declares the masters' key in the secondary's named.conf.
        NamedServer secondary = NamedServer.builder().config(key).start()) {
      Map<String, String> settings = TestTargets.settings(secondary, "native");
      settings.put("zone_mode", "secondary");
      TestContext context =
          TestContext.in(state)
              .withMasters(List.of(new MasterServer(primary.dnsAddress(), Optional.of(xfr))));
      try (Bind9Backend backend = TestTargets.backend(settings, context)) {
        backend.start();
        assertTrue(backend.transfersZonesItself());
        SOARecord masterSoa = soaOf(query(primary.dnsAddress(), zone, Type.SOA));

        backend.createSecondaryZone(zone, masterSoa);
        assertEquals(1, awaitSerial(backend, zone, 1));

        Files.writeString(primary.directory().resolve("secondary.zone"), zoneFile(2));
        assertEquals(0, primary.rndc("reload", "secondary.example").exitCode());
        backend.refreshSecondaryZone(zone, masterSoa);
        assertEquals(2, awaitSerial(backend, zone, 2));

        backend.createSecondaryZone(zone, masterSoa); // again: same definition, fine
        backend.deleteZone(zone);
        assertEquals(Rcode.REFUSED, query(secondary.dnsAddress(), zone, Type.SOA).getRcode());
      }
    }
  }

  private static SOARecord soaOf(org.xbill.DNS.Message m) {
    return (SOARecord) m.getSection(org.xbill.DNS.Section.ANSWER).get(0);
  }

  private static long awaitSerial(Bind9Backend backend, Name zone, long serial) throws Exception {
    long deadline = System.nanoTime() + 15_000_000_000L;
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = backend.findSoa(zone).map(SOARecord::getSerial).orElse(-1L);
      if (seen == serial) {
        return seen;
      }
      Thread.sleep(50);
    }
    return seen;
  }
}
