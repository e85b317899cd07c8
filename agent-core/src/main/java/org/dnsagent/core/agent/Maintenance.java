// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.config.OperationsConfig;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's periodic work: backend health checks, pruning of the operation history, and
 * reconciliation sweeps (on their own thread, each next sweep {@code reconcile_interval} ± 10 %
 * after the last one ended, so agents started together drift apart).
 */
final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final OperationsConfig config;
  private final HealthMonitors health;
  private final Reconciler reconciler;
  private final ZoneOperationQueue queue;
  private final ScheduledExecutorService periodic;
  private final ScheduledExecutorService sweeps;

  Maintenance(
      OperationsConfig config,
      HealthMonitors health,
      Reconciler reconciler,
      ZoneOperationQueue queue) {
    this.config = config;
    this.health = health;
    this.reconciler = reconciler;
    this.queue = queue;
    this.periodic = Executors.newSingleThreadScheduledExecutor(named("maintenance"));
    this.sweeps = Executors.newSingleThreadScheduledExecutor(named("reconcile"));
  }

  void start() {
    long check = config.healthCheckInterval().toMillis();
    periodic.scheduleWithFixedDelay(
        () -> safely("health check", health::checkAll), 0, check, TimeUnit.MILLISECONDS);
    periodic.scheduleWithFixedDelay(
        () -> safely("history pruning", queue::pruneHistory), 1, 1, TimeUnit.MINUTES);
    if (!config.reconcileInterval().isZero()) {
      scheduleSweep();
    }
  }

  /** Starts a sweep now (unless one is running); {@code dns-agent reconcile}, tests. */
  void reconcileNow() {
    sweeps.execute(() -> safely("reconciliation", reconciler::sweep));
  }

  private void scheduleSweep() {
    long interval = config.reconcileInterval().toMillis();
    long delay = (long) (interval * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    try {
      sweeps.schedule(
          () -> {
            safely("reconciliation", reconciler::sweep);
            scheduleSweep();
          },
          Math.max(1, delay),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Stopping.
    }
  }

  private static void safely(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("{} failed", what, e);
    }
  }

  @Override
  public void close() {
    periodic.shutdownNow();
    sweeps.shutdownNow();
    try {
      sweeps.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
