// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, and their percentiles in milliseconds. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (0-100) in milliseconds, nearest-rank; NaN when empty. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  /** Passes every value to {@code sink}. */
  synchronized void forEach(java.util.function.LongConsumer sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(values[i]);
    }
  }

  synchronized double maxMillis() {
    return percentileMillis(100);
  }
}
