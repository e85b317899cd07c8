// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * The net difference between two versions of a zone, from an incremental transfer (IXFR).
 *
 * <p>To apply it: check the zone is at {@code fromSoa}'s serial, remove every record in {@code
 * deletions}, then add every record in {@code additions} (an addition replaces a record equal to it
 * in name, type, class and data, so a TTL change is a deletion plus an addition), and replace the
 * SOA by {@code toSoa}. Neither list contains SOA records.
 */
public record ZoneChanges(
    Name name,
    SOARecord fromSoa,
    SOARecord toSoa,
    List<org.xbill.DNS.Record> deletions,
    List<org.xbill.DNS.Record> additions) {
  public ZoneChanges {
    requireNonNull(name, "name is null");
    requireNonNull(fromSoa, "fromSoa is null");
    requireNonNull(toSoa, "toSoa is null");
    deletions = List.copyOf(deletions);
    additions = List.copyOf(additions);
  }

  public long fromSerial() {
    return fromSoa.getSerial();
  }

  public long toSerial() {
    return toSoa.getSerial();
  }
}
