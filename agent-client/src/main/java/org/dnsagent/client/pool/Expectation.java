// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.util.OptionalLong;
import org.xbill.DNS.Serial;

/**
 * What a nameserver must answer for a change to count as arrived: the zone gone (after DELETE), or
 * a serial at least as new as the expected one (RFC 1982 comparison), or, when the serial is not
 * known, any serial at all.
 *
 * @param absent the zone must no longer be served
 * @param serial the serial that must be reached; empty means any
 */
public record Expectation(boolean absent, OptionalLong serial) {
  public Expectation {
    if (absent && serial.isPresent()) {
      throw new IllegalArgumentException("an absent zone has no serial");
    }
  }

  /** After DELETE: the nameserver answers without the zone's SOA. */
  public static Expectation zoneAbsent() {
    return new Expectation(true, OptionalLong.empty());
  }

  /** After CREATE or UPDATE: the nameserver serves {@code serial} or newer. */
  public static Expectation serialAtLeast(long serial) {
    return new Expectation(false, OptionalLong.of(serial));
  }

  /** The serial is unknown: the zone merely has to be served. */
  public static Expectation anySerial() {
    return new Expectation(false, OptionalLong.empty());
  }

  /** Whether an answer meets the expectation; {@code served} is empty when the zone is not. */
  public boolean isMetBy(OptionalLong served) {
    if (absent) {
      return served.isEmpty();
    }
    return served.isPresent()
        && (serial.isEmpty() || Serial.compare(served.getAsLong(), serial.getAsLong()) >= 0);
  }

  /** {@code zone absent}, {@code serial >= 42}, {@code any serial}. */
  public String describe() {
    if (absent) {
      return "zone absent";
    }
    return serial.isPresent() ? "serial >= " + serial.getAsLong() : "any serial";
  }
}
