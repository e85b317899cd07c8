// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The outcome of one pool operation: each target's result, whether enough of them succeeded, and
 * the nameserver poll that followed (absent when polling was off, the pool has no nameservers, or
 * the targets failed).
 */
public record PoolResult(
    PoolAction action,
    Name zone,
    String pool,
    int thresholdPercentage,
    List<TargetResult> targets,
    Optional<PollResult> poll,
    PoolStatus status,
    Duration elapsed) {
  public PoolResult {
    requireNonNull(action, "action is null");
    requireNonNull(zone, "zone is null");
    requireNonNull(pool, "pool is null");
    targets = List.copyOf(targets);
    requireNonNull(poll, "poll is null");
    requireNonNull(status, "status is null");
    requireNonNull(elapsed, "elapsed is null");
  }

  /** True when the status is {@link PoolStatus#SUCCESS}. */
  public boolean succeeded() {
    return status == PoolStatus.SUCCESS;
  }

  /** The targets that did not succeed. */
  public List<TargetResult> failedTargets() {
    return targets.stream().filter(t -> !t.succeeded()).toList();
  }
}
