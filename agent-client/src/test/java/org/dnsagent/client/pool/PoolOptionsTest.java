// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.dnsagent.client.RetryPolicy;
import org.junit.jupiter.api.Test;

class PoolOptionsTest {
  @Test
  void designateDefaults() {
    PoolOptions d = PoolOptions.designateDefaults();
    assertEquals(100, d.thresholdPercentage());
    assertEquals(
        new RetryPolicy(10, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10)),
        d.retry());
    assertEquals(Duration.ofSeconds(5), d.poll().delay());
    assertEquals(Duration.ofSeconds(15), d.poll().retryInterval());
    assertEquals(10, d.poll().maxRounds());
    assertFalse(d.tcp());
  }

  @Test
  void thresholdIsDesignatesPercentageRule() {
    PoolOptions all = PoolOptions.designateDefaults();
    PoolOptions twoThirds = new PoolOptions(66, all.retry(), all.poll(), false, 4);
    assertTrue(all.meetsThreshold(3, 3));
    assertFalse(all.meetsThreshold(2, 3));
    assertTrue(twoThirds.meetsThreshold(2, 3), "66.7 % >= 66 %");
    assertFalse(twoThirds.meetsThreshold(1, 3));
    assertFalse(all.meetsThreshold(0, 0), "Designate counts an empty set as 0 %");
  }

  @Test
  void expectationsUseSerialArithmetic() {
    assertTrue(Expectation.serialAtLeast(10).isMetBy(OptionalLong.of(10)));
    assertTrue(Expectation.serialAtLeast(10).isMetBy(OptionalLong.of(11)));
    assertFalse(Expectation.serialAtLeast(10).isMetBy(OptionalLong.of(9)));
    assertTrue(Expectation.serialAtLeast(0xFFFFFFF0L).isMetBy(OptionalLong.of(5)), "RFC 1982 wrap");
    assertFalse(Expectation.serialAtLeast(10).isMetBy(OptionalLong.empty()));
    assertTrue(Expectation.anySerial().isMetBy(OptionalLong.of(1)));
    assertTrue(Expectation.zoneAbsent().isMetBy(OptionalLong.empty()));
    assertFalse(Expectation.zoneAbsent().isMetBy(OptionalLong.of(1)));
  }
}
