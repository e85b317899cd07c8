// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How an operation that failed for a retryable reason (a master or the backend unreachable) is
 * tried again: exponential back-off from {@code initialDelay}, doubling up to {@code maxDelay},
 * with jitter, for at most {@code maxAttempts} attempts in all.
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
  }

  /** One attempt, no retry (tests and tools). */
  public static RetrySettings none() {
    return new RetrySettings(1, Duration.ZERO, Duration.ZERO);
  }

  /**
   * The wait after attempt number {@code attempt} (1 for the first) failed: {@code initialDelay *
   * 2^(attempt-1)} capped at {@code maxDelay}, then a uniformly random point in its upper half
   * ("equal jitter"), so that operations failing together do not all retry together.
   */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    long initial = initialDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long base = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
    long half = base / 2;
    return Duration.ofMillis(half + (base - half == 0 ? 0 : random.nextLong(base - half + 1)));
  }
}
