// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.core.journal.JournalStats;

/**
 * What {@code dns-agent status} shows.
 *
 * @param zones zones the agent created and has not deleted (the catalog)
 * @param queueDepth operations queued or running
 * @param oldestPending age of the oldest operation not finished, if any
 * @param failedOperations failed operations still in the history
 */
public record AgentStatus(
    List<TargetHealth> targets,
    int zones,
    int queueDepth,
    Optional<Duration> oldestPending,
    long failedOperations,
    ReconcileReport reconciliation,
    JournalStats journal,
    Optional<ReconcileProgress> reconciling,
    Map<String, Number> counters) {

  public AgentStatus {
    targets = List.copyOf(targets);
    counters = Map.copyOf(counters);
  }

  /**
   * Health of one target's backend.
   *
   * @param failures failed checks or operations in a row
   * @param since when it entered {@code state}
   */
  public record TargetHealth(
      String target,
      String driver,
      HealthState state,
      int failures,
      Instant since,
      String detail) {}
}
