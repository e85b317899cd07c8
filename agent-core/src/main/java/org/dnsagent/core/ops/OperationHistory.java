// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.dnsagent.core.config.HistoryLimits;

/** Finished operations, oldest first, within {@link HistoryLimits}. Guarded by the queue's lock. */
final class OperationHistory {
  private final HistoryLimits limits;
  private final LinkedHashMap<Long, Operation> finished = new LinkedHashMap<>();

  OperationHistory(HistoryLimits limits) {
    this.limits = limits;
  }

  void add(Operation op, Instant now) {
    finished.remove(op.id());
    finished.put(op.id(), op);
    prune(now);
  }

  Operation get(long id) {
    return finished.get(id);
  }

  void remove(long id) {
    finished.remove(id);
  }

  List<Operation> all() {
    return new ArrayList<>(finished.values());
  }

  long count(OperationState state) {
    return finished.values().stream().filter(o -> o.state() == state).count();
  }

  /** Drops the oldest beyond the count limit, and those finished before the age limit. */
  void prune(Instant now) {
    Instant cutoff = now.minus(limits.maxAge());
    Iterator<Operation> it = finished.values().iterator();
    int excess = finished.size() - limits.maxCount();
    while (it.hasNext()) {
      Operation op = it.next();
      if (excess > 0) {
        it.remove();
        excess--;
      } else if (op.updatedAt().isBefore(cutoff)) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
