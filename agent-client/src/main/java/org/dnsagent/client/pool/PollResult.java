// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of polling a pool's nameservers.
 *
 * @param expected what the nameservers had to answer
 * @param rounds how many rounds of SOA queries were sent
 * @param nameservers each nameserver's answer in the last round
 * @param status {@link PoolStatus#SUCCESS}, {@link PoolStatus#NO_ZONE} or {@link
 *     PoolStatus#NAMESERVERS_BEHIND}
 */
public record PollResult(
    Expectation expected,
    int rounds,
    Duration elapsed,
    List<NameserverResult> nameservers,
    PoolStatus status) {
  public PollResult {
    requireNonNull(expected, "expected is null");
    requireNonNull(elapsed, "elapsed is null");
    nameservers = List.copyOf(nameservers);
    requireNonNull(status, "status is null");
  }

  /** The nameservers whose answer did not meet the expectation. */
  public List<NameserverResult> lagging() {
    return nameservers.stream().filter(n -> !n.met()).toList();
  }
}
