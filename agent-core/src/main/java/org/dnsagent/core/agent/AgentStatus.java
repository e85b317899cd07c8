// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code dns-agent status} shows.
 *
 * @param oldestPending age of the oldest operation not finished, if any
 */
public record AgentStatus(
    List<TargetHealth> targets,
    int queueDepth,
    Optional<Duration> oldestPending,
    Map<String, Long> counters) {

  /** Health of one target's backend. */
  public record TargetHealth(String target, String driver, boolean healthy, String detail) {}
}
