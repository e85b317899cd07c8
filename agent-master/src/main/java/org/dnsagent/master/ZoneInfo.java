// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.xbill.DNS.Name;

/**
 * A summary of a served zone version.
 *
 * @param name the zone apex
 * @param serial the SOA serial
 * @param recordCount records in the zone, the SOA included
 * @param file the zone file it was loaded from
 */
public record ZoneInfo(Name name, long serial, int recordCount, Path file) {
  public ZoneInfo {
    requireNonNull(name, "name is null");
    requireNonNull(file, "file is null");
  }

  @Override
  public String toString() {
    return name + " serial " + serial + ", " + recordCount + " records";
  }
}
