// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Crash recovery on the files backend: 1,000 CREATEs over UDP and TCP from several threads, the
 * agent killed with SIGKILL at a random point (one per seed) and restarted on the same state; every
 * CREATE acknowledged or journaled ends with its zone served whole and correct, no partial zone
 * file is ever visible, and after the controller's repeats all 1,000 zones are served.
 */
class CrashRecoveryTest {
  static final int ZONES = 1000;
  static final long SERIAL = 2026010101L;
  static final int HOSTS = 3;
  private static final long[] SEEDS = {1, 2, 3, 4};

  @TempDir Path dir;

  @Test
  void everyAcknowledgedOrJournaledCreateSurvivesSigkill() throws Exception {
    Path masterZones = Files.createDirectories(dir.resolve("master"));
    List<Name> zones = zones(masterZones, "crash", ZONES);
    try (LocalMaster master = master(masterZones)) {
      List<CrashTrial.Figures> figures = new ArrayList<>();
      for (long seed : SEEDS) {
        Path home = dir.resolve("seed-" + seed);
        figures.add(
            new CrashTrial(
                    home,
                    "masters = 127.0.0.1:" + master.port() + "\n",
                    zones,
                    seed,
                    ServedZones.files(home.resolve("state/zones"), SERIAL, HOSTS))
                .run());
      }
      report("files backend", figures);
    }
  }

  static List<Name> zones(Path masterZones, String label, int count) throws Exception {
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Name zone = TestZones.name(String.format("c%04d.%s.test.", i, label));
      zones.add(zone);
      TestZones.writeZoneFile(masterZones, zone, SERIAL, HOSTS);
    }
    return zones;
  }

  static LocalMaster master(Path masterZones) throws Exception {
    LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(masterZones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build());
    master.start();
    return master;
  }

  /** Prints the figures (they go into the test report) and checks that nothing was lost. */
  static void report(String backend, List<CrashTrial.Figures> figures) {
    StringBuilder table = new StringBuilder("crash recovery, " + backend + ":\n");
    figures.forEach(f -> table.append(f).append('\n'));
    System.out.print(table);
    for (CrashTrial.Figures f : figures) {
      assertEquals(0, f.lost(), table.toString());
      assertTrue(f.journaled() >= f.acknowledged(), table.toString());
    }
  }
}
