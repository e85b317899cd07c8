// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Serial;

/**
 * Checks, while a run goes on, that each zone the controller was told about is really served by the
 * backend (a real query, or a read of the zone file), and notes when the last one was.
 */
final class ServedWatcher implements AutoCloseable {
  private final Target target;
  private final long serial;
  private final ExecutorService pollers;
  private final AtomicLong lastServed = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final long deadline;

  ServedWatcher(Target target, long serial, int threads, Duration timeout) {
    this.target = target;
    this.serial = serial;
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.pollers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "served-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching a zone the controller was told about. */
  void watch(Name zone) {
    pending.incrementAndGet();
    pollers.execute(
        () -> {
          try {
            while (!served(zone)) {
              if (System.nanoTime() > deadline) {
                failed.incrementAndGet();
                return;
              }
              Thread.sleep(2);
            }
            lastServed.accumulateAndGet(System.nanoTime(), Math::max);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            pending.decrementAndGet();
          }
        });
  }

  private boolean served(Name zone) {
    try {
      OptionalLong s = target.servedSerial(zone);
      return s.isPresent() && Serial.compare(s.getAsLong(), serial) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits until every watched zone was seen served or timed out.
   *
   * @return when the last one was seen served ({@link System#nanoTime()})
   */
  long awaitAll() throws InterruptedException {
    while (pending.get() > 0 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(5);
    }
    return lastServed.get();
  }

  /** Zones never seen served. */
  int notServed() {
    return failed.get() + pending.get();
  }

  @Override
  public void close() {
    pollers.shutdownNow();
  }
}
