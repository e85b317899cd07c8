// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import java.time.Duration;

/**
 * How often and how patiently a command is sent; defaults are Designate's {@code [service:worker]}
 * poll_timeout (30 s), poll_max_retries (10) and poll_retry_interval (15 s), and its 10 s NOTIFY
 * timeout.
 */
public record RetryPolicy(
    int maxAttempts, Duration retryInterval, Duration timeout, Duration notifyTimeout) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy designateDefaults() {
    return new RetryPolicy(
        10, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10));
  }
}
