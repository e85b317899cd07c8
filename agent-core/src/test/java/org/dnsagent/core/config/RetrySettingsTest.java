// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrySettingsTest {
  private final RetrySettings retry =
      new RetrySettings(10, Duration.ofSeconds(2), Duration.ofMinutes(5));

  @Test
  void delaysDoubleWithinTheirJitterBandUpToTheCap() {
    Random random = new Random(7);
    for (int attempt = 1; attempt <= 12; attempt++) {
      long base = Math.min(300_000, 2000L << (attempt - 1));
      for (int i = 0; i < 200; i++) {
        long d = retry.delayAfter(attempt, random).toMillis();
        assertTrue(d >= base / 2 && d <= base, "attempt " + attempt + ": " + d);
      }
    }
    assertTrue(retry.delayAfter(100, random).toMillis() <= 300_000, "no overflow");
  }

  @Test
  void jitterSpreadsRetriesOut() {
    Random random = new Random(1);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(retry.delayAfter(3, random).toMillis());
    }
    assertTrue(
        seen.size() > 40, "50 operations failing together retry at " + seen.size() + " times");
  }

  @Test
  void noDelayWhenNoneIsConfigured() {
    assertEquals(Duration.ZERO, RetrySettings.none().delayAfter(1, new Random()));
  }
}
