// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.time.Duration;

/**
 * How much history of finished operations is kept, in memory for {@code dns-agent ops} and in the
 * journal: finished operations older than {@code maxAge}, and beyond the newest {@code maxCount},
 * are forgotten (like DMS's {@code event_max_age}).
 */
public record HistoryLimits(Duration maxAge, int maxCount) {
  public HistoryLimits {
    if (maxCount < 0 || maxAge.isNegative()) {
      throw new IllegalArgumentException("history limits must not be negative");
    }
  }

  public static HistoryLimits defaults() {
    return new HistoryLimits(Duration.ofHours(24), 10_000);
  }
}
