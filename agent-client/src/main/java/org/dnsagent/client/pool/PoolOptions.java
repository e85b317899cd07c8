// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import org.dnsagent.client.RetryPolicy;

/**
 * How a {@link PoolClient} drives a pool.
 *
 * @param thresholdPercentage share of targets (and of nameservers) that must succeed, 0-100;
 *     Designate's {@code [service:worker] threshold_percentage}, default 100
 * @param retry per-target timeouts and retries ({@link RetryPolicy#designateDefaults()})
 * @param poll how the nameservers are polled afterwards
 * @param tcp send over TCP instead of UDP ({@code [service:worker] all_tcp})
 * @param parallelism at most this many targets (or nameservers) are talked to at once
 */
public record PoolOptions(
    int thresholdPercentage, RetryPolicy retry, PollPolicy poll, boolean tcp, int parallelism) {
  public PoolOptions {
    requireNonNull(retry, "retry is null");
    requireNonNull(poll, "poll is null");
    if (thresholdPercentage < 0 || thresholdPercentage > 100) {
      throw new IllegalArgumentException("thresholdPercentage must be 0-100");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
  }

  /** Designate's defaults: threshold 100 %, its retry and poll settings, UDP, 32 at once. */
  public static PoolOptions designateDefaults() {
    return new PoolOptions(
        100, RetryPolicy.designateDefaults(), PollPolicy.designateDefaults(), false, 32);
  }

  /** True when {@code successes} of {@code total} reach the threshold (Designate's rule). */
  public boolean meetsThreshold(int successes, int total) {
    double percentage = total == 0 ? 0 : 100.0 * successes / total;
    return percentage >= thresholdPercentage;
  }
}
