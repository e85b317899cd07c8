// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.nio.file.Path;
import java.util.Optional;
import org.xbill.DNS.Name;

/** What a backend serves, as a crash test sees it: present or not, and if so, right or not. */
interface ServedZones {

  /** True if the server serves the zone at all (in any version). */
  boolean present(Name zone) throws Exception;

  /** What is wrong with the zone as served (absent, partial, old): empty if it is right. */
  Optional<String> problem(Name zone) throws Exception;

  /** Checks of the whole backend once every zone is served (no stray files, say). */
  default void checkAll(int zones) throws Exception {}

  /** The files backend: one zone file per zone, whole and exactly the master's zone. */
  static ServedZones files(Path zonesDir, long serial, int hosts) {
    return new ServedZones() {
      @Override
      public boolean present(Name zone) {
        return java.nio.file.Files.exists(
            org.dnsagent.spi.ZoneFiles.pathFor(zonesDir, zone, ".zone"));
      }

      @Override
      public Optional<String> problem(Name zone) {
        return ZoneChecks.problem(zonesDir, zone, serial, hosts);
      }

      @Override
      public void checkAll(int zones) throws Exception {
        if (ZoneChecks.zoneFiles(zonesDir).size() != zones) {
          throw new AssertionError(ZoneChecks.zoneFiles(zonesDir).size() + " zone files");
        }
        if (!ZoneChecks.temporaryFiles(zonesDir).isEmpty()) {
          throw new AssertionError("left over: " + ZoneChecks.temporaryFiles(zonesDir));
        }
      }
    };
  }
}
