// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source address for NOTIFYs: {@code burst} at once, then {@code perSecond}. A
 * flood from one sender then costs a bucket lookup instead of backend queries. The table of senders
 * is bounded (least recently seen dropped first); senders reach it only after the {@code
 * allow_notify} check. Thread-safe.
 */
public final class NotifyRateLimiter {
  private static final int MAX_SOURCES = 4096;

  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, Bucket> buckets =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
          return size() > MAX_SOURCES;
        }
      };

  private static final class Bucket {
    double tokens;
    long updated;
  }

  /**
   * @param perSecond sustained NOTIFYs a second per source; zero turns the limit off
   * @param burst NOTIFYs a source may send at once
   */
  public NotifyRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  public NotifyRateLimiter(int perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  /** Takes a token for {@code source}; false if it has none left. */
  public synchronized boolean tryAcquire(InetAddress source) {
    if (perNano == 0) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Bucket b = buckets.get(source);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.updated = now;
      buckets.put(source, b);
    }
    b.tokens = Math.min(burst, b.tokens + (now - b.updated) * perNano);
    b.updated = now;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }
}
