// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dnsagent.spi.ZoneChanges;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Folds the sequence of IXFR differences into one net change. Records compare by owner, type, class
 * and data (not TTL), as dnsjava's {@link Record#equals} does; applying deletions before additions
 * then reproduces the sequential result, TTL changes included.
 */
final class IxfrAccumulator {
  private final Name zone;
  private final Map<Record, Record> deletions = new LinkedHashMap<>();
  private final Map<Record, Record> additions = new LinkedHashMap<>();
  private SOARecord from;
  private SOARecord to;
  private boolean adding;

  IxfrAccumulator(Name zone) {
    this.zone = zone;
  }

  void startDeletes(SOARecord soa) {
    if (from == null) {
      from = soa;
    }
    adding = false;
  }

  void startAdds(SOARecord soa) {
    to = soa;
    adding = true;
  }

  void record(Record r) {
    if (r instanceof SOARecord && r.getName().equals(zone)) {
      return;
    }
    if (adding) {
      additions.put(r, r);
    } else {
      additions.remove(r);
      deletions.put(r, r);
    }
  }

  int size() {
    return deletions.size() + additions.size();
  }

  ZoneChanges result() {
    if (from == null || to == null) {
      throw new IllegalStateException("IXFR without differences");
    }
    return new ZoneChanges(
        zone,
        from,
        to,
        java.util.List.copyOf(deletions.values()),
        java.util.List.copyOf(additions.values()));
  }
}
