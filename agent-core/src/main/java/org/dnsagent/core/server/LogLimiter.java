// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs rejected requests without letting a flood of bad packets flood the log: at most {@code
 * perSecond} lines a second, then one line saying how many were suppressed.
 */
final class LogLimiter {
  private final Logger log;
  private final int perSecond;
  private final AtomicLong windowStart = new AtomicLong();
  private final AtomicLong inWindow = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  LogLimiter(Logger log, int perSecond) {
    this.log = log;
    this.perSecond = perSecond;
  }

  void warn(String format, Object... args) {
    long now = System.nanoTime() / 1_000_000_000L;
    long start = windowStart.get();
    if (now != start && windowStart.compareAndSet(start, now)) {
      inWindow.set(0);
      long dropped = suppressed.getAndSet(0);
      if (dropped > 0) {
        log.warn("{} more rejected requests not logged", dropped);
      }
    }
    if (inWindow.incrementAndGet() <= perSecond) {
      log.warn(format, args);
    } else {
      suppressed.incrementAndGet();
    }
  }
}
