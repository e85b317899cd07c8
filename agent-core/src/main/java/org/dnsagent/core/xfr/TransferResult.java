// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static java.util.Objects.requireNonNull;

import org.dnsagent.spi.ZoneChanges;

/** What a transfer brought. */
public sealed interface TransferResult {

  /** A whole zone (AXFR, or IXFR answered AXFR-style); close it when done. */
  record Full(SpooledZone zone) implements TransferResult {
    public Full {
      requireNonNull(zone, "zone is null");
    }
  }

  /** The differences since the serial we asked from (IXFR). */
  record Incremental(ZoneChanges changes) implements TransferResult {
    public Incremental {
      requireNonNull(changes, "changes is null");
    }
  }

  /** The master's serial is not newer than ours. */
  record UpToDate(long serial) implements TransferResult {}
}
