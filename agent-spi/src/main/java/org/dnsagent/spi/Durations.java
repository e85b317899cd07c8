// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations for operators: seconds as the configuration writes them, never Java's {@code PT10S}.
 */
public final class Durations {
  private Durations() {}

  /** {@code 10 s}, {@code 0.5 s}. */
  public static String seconds(Duration d) {
    BigDecimal s =
        BigDecimal.valueOf(d.getSeconds())
            .add(BigDecimal.valueOf(d.getNano(), 9))
            .stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString() + " s";
  }
}
