// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent senders, as a controller has them: {@code threads} threads take the next item of a
 * list until it is exhausted, and the time each item took is recorded.
 */
final class Senders {
  private Senders() {}

  /** Work on one item; returns whether it succeeded. */
  @FunctionalInterface
  interface Task<T> {
    boolean run(T item) throws Exception;
  }

  /** What a run of senders did. */
  record Outcome(Latencies latencies, int failures, long elapsedNanos, String firstError) {
    double perSecond(int items) {
      return items / (elapsedNanos / 1e9);
    }
  }

  static <T> Outcome run(int threads, List<T> items, Task<T> task) throws InterruptedException {
    return run(threads, items, task, Long.MAX_VALUE);
  }

  /** Like {@link #run(int, List, Task)}, but no item is started after {@code deadline}. */
  static <T> Outcome run(int threads, List<T> items, Task<T> task, long deadline)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sender");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int s = 0; s < threads; s++) {
        running.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < items.size() && System.nanoTime() < deadline;
                      i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                      ok = task.run(items.get(i));
                      if (!ok) {
                        firstError.compareAndSet(null, "failed: " + items.get(i));
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      return;
                    } catch (Exception e) {
                      firstError.compareAndSet(null, items.get(i) + ": " + e);
                      ok = false;
                    }
                    latencies.add(System.nanoTime() - t0);
                    if (!ok) {
                      failures.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Outcome(latencies, failures.get(), System.nanoTime() - start, firstError.get());
  }
}
