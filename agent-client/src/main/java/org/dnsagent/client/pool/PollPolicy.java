// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the nameservers are polled after the targets were told: wait {@code delay}, then up to {@code
 * maxRounds} rounds of SOA queries, {@code retryInterval} apart, each query waiting {@code timeout}
 * for its reply. Defaults are Designate's {@code [service:worker]} poll_delay (5 s),
 * poll_retry_interval (15 s), poll_max_retries (10) and its SOA query timeout (10 s).
 *
 * @param enabled false skips polling altogether
 */
public record PollPolicy(
    boolean enabled, Duration delay, Duration retryInterval, int maxRounds, Duration timeout) {
  public PollPolicy {
    requireNonNull(delay, "delay is null");
    requireNonNull(retryInterval, "retryInterval is null");
    requireNonNull(timeout, "timeout is null");
    if (maxRounds < 1) {
      throw new IllegalArgumentException("maxRounds must be at least 1");
    }
    if (delay.isNegative() || retryInterval.isNegative() || timeout.isNegative()) {
      throw new IllegalArgumentException("poll durations must not be negative");
    }
  }

  /** Designate's defaults: 5 s delay, 10 rounds 15 s apart, 10 s per query. */
  public static PollPolicy designateDefaults() {
    return new PollPolicy(
        true, Duration.ofSeconds(5), Duration.ofSeconds(15), 10, Duration.ofSeconds(10));
  }

  /** No polling: the outcome rests on the targets' replies alone. */
  public static PollPolicy disabled() {
    return new PollPolicy(false, Duration.ZERO, Duration.ZERO, 1, Duration.ofSeconds(10));
  }
}
