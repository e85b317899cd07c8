// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the connect and idle timeouts of transfers, which dnsjava's {@code ZoneTransferIn} does
 * not have (it bounds only the whole transfer). A stalled transfer's thread is interrupted, which
 * wakes dnsjava's selector and fails the read.
 */
final class TransferWatchdog implements AutoCloseable {
  private final ScheduledExecutorService timer;
  private final Set<Watch> active = ConcurrentHashMap.newKeySet();

  TransferWatchdog() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "xfr-watchdog");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
  }

  /** One transfer being watched; progress() on every record, close() when it ends. */
  final class Watch implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final long connectNanos;
    private final long idleNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean started;
    private String abortReason;
    private boolean closed;

    Watch(Duration connect, Duration idle) {
      this.connectNanos = connect.toNanos();
      this.idleNanos = idle.toNanos();
    }

    void progress() {
      started = true;
      lastProgress = System.nanoTime();
    }

    synchronized String abortReason() {
      return abortReason;
    }

    private synchronized void checkNow(long now) {
      if (closed || abortReason != null) {
        return;
      }
      long silent = now - lastProgress;
      if (!started && silent > connectNanos) {
        abortReason = "no answer within " + Duration.ofNanos(connectNanos).toMillis() + " ms";
      } else if (started && silent > idleNanos) {
        abortReason = "stalled for " + Duration.ofNanos(idleNanos).toMillis() + " ms";
      } else {
        return;
      }
      thread.interrupt();
    }

    @Override
    public void close() {
      active.remove(this);
      synchronized (this) {
        closed = true;
      }
      // An interrupt that raced with the end of the transfer must not leak to the next task.
      Thread.interrupted();
    }
  }

  Watch watch(Duration connect, Duration idle) {
    Watch w = new Watch(connect, idle);
    active.add(w);
    return w;
  }

  private void check() {
    long now = System.nanoTime();
    for (Watch w : active) {
      w.checkNow(now);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
