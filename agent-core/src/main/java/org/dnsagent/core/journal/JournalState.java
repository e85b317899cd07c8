// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;

/**
 * What the journal says, folded: the latest state of every operation it remembers, the zone catalog
 * and the highest id. Built by replay, kept up to date by the writer, and written out whole by
 * compaction. Used by one thread at a time.
 */
final class JournalState {
  private final Map<Long, OperationView> operations = new HashMap<>();
  private final Set<ZoneKey> catalog = new LinkedHashSet<>();
  private long lastId;

  void apply(JournalRecord record) {
    if (record instanceof JournalRecord.Op op) {
      OperationView v = op.operation();
      operations.put(v.id(), v);
      lastId = Math.max(lastId, v.id());
    } else if (record instanceof JournalRecord.Catalog c) {
      if (c.present()) {
        catalog.add(c.zone());
      } else {
        catalog.remove(c.zone());
      }
    } else {
      lastId = Math.max(lastId, ((JournalRecord.Sequence) record).lastId());
    }
  }

  /**
   * The records that recreate this state, after forgetting finished operations beyond the history
   * limits: the id sequence, the catalog, then every operation kept, oldest first.
   */
  List<JournalRecord> compact(HistoryLimits limits, Instant now) {
    Instant cutoff = now.minus(limits.maxAge());
    List<OperationView> finished =
        operations.values().stream()
            .filter(v -> v.state().isFinal())
            .sorted(Comparator.comparing(OperationView::updatedAt).reversed())
            .toList();
    for (int i = 0; i < finished.size(); i++) {
      OperationView v = finished.get(i);
      if (i >= limits.maxCount() || v.updatedAt().isBefore(cutoff)) {
        operations.remove(v.id());
      }
    }
    List<JournalRecord> records = new ArrayList<>();
    records.add(new JournalRecord.Sequence(lastId));
    catalog.forEach(z -> records.add(new JournalRecord.Catalog(z, true)));
    operations.values().stream()
        .sorted(Comparator.comparingLong(OperationView::id))
        .forEach(v -> records.add(new JournalRecord.Op(v)));
    return records;
  }

  /** Drops {@code zone} from the catalog (its catalog record may be damaged). */
  void forgetCatalogEntry(ZoneKey zone) {
    catalog.remove(zone);
  }

  JournalContents contents() {
    return new JournalContents(
        operations.values().stream().sorted(Comparator.comparingLong(OperationView::id)).toList(),
        Set.copyOf(catalog),
        lastId);
  }
}
