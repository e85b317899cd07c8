// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * What changed between two versions of a zone, in the shape of one IXFR sequence (RFC 1995): the
 * old SOA, the records deleted, the new SOA, the records added. Public so that a caller of {@link
 * ZoneServer} can keep a zone's history ({@link ZoneServer#history}) and give it back after a
 * restart ({@link ZoneServer#seedHistory}).
 */
public record ZoneDiff(
    SOARecord fromSoa, SOARecord toSoa, List<Record> deleted, List<Record> added) {
  public ZoneDiff {
    requireNonNull(fromSoa, "fromSoa is null");
    requireNonNull(toSoa, "toSoa is null");
    deleted = List.copyOf(deleted);
    added = List.copyOf(added);
  }

  public long fromSerial() {
    return fromSoa.getSerial();
  }

  public long toSerial() {
    return toSoa.getSerial();
  }

  /** Records deleted plus records added (the SOAs not counted). */
  public int size() {
    return deleted.size() + added.size();
  }

  /** Whether the two versions hold the same records and the same SOA. */
  boolean isEmpty() {
    return deleted.isEmpty()
        && added.isEmpty()
        && fromSoa.equals(toSoa)
        && fromSoa.getTTL() == toSoa.getTTL();
  }

  /** Computes the difference; a TTL change counts as delete plus add. */
  static ZoneDiff between(
      SOARecord oldSoa, List<Record> oldRecords, SOARecord newSoa, List<Record> newRecords) {
    Set<RecordKey> oldKeys = keys(oldRecords);
    Set<RecordKey> newKeys = keys(newRecords);
    List<Record> deleted = new ArrayList<>();
    for (Record r : oldRecords) {
      if (!newKeys.contains(RecordKey.withTtl(r))) {
        deleted.add(r);
      }
    }
    List<Record> added = new ArrayList<>();
    for (Record r : newRecords) {
      if (!oldKeys.contains(RecordKey.withTtl(r))) {
        added.add(r);
      }
    }
    return new ZoneDiff(oldSoa, newSoa, deleted, added);
  }

  private static Set<RecordKey> keys(List<Record> records) {
    Set<RecordKey> keys = new HashSet<>(records.size() * 2);
    for (Record r : records) {
      keys.add(RecordKey.withTtl(r));
    }
    return keys;
  }
}
