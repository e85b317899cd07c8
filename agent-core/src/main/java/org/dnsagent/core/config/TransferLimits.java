// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.time.Duration;

/**
 * Bounds on one zone transfer: time to the first record, longest silence between records, whole
 * transfer, and size.
 */
public record TransferLimits(
    Duration connectTimeout,
    Duration idleTimeout,
    Duration totalTimeout,
    long maxRecords,
    long maxBytes) {

  /** The same limits with another bound on the number of records. */
  public TransferLimits withMaxRecords(long records) {
    return new TransferLimits(connectTimeout, idleTimeout, totalTimeout, records, maxBytes);
  }

  public static TransferLimits defaults() {
    return new TransferLimits(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        20_000_000L,
        4L << 30);
  }
}
