// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import static java.util.Objects.requireNonNull;

import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;

/** One entry of the journal. */
sealed interface JournalRecord {

  /** The state of an operation from now on (new, running, backing off, finished, forgotten). */
  record Op(OperationView operation) implements JournalRecord {
    public Op {
      requireNonNull(operation, "operation is null");
    }
  }

  /** A zone entered ({@code present}) or left the catalog of zones the agent serves. */
  record Catalog(ZoneKey zone, boolean present) implements JournalRecord {
    public Catalog {
      requireNonNull(zone, "zone is null");
    }
  }

  /** The highest operation id handed out so far (written by compaction, so ids never repeat). */
  record Sequence(long lastId) implements JournalRecord {}
}
