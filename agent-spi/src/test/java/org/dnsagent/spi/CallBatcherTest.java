// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallBatcherTest {

  @Test
  void aLoneCallRunsAtOnceInItsOwnBatch() throws Exception {
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    CallBatcher<Integer> batcher =
        new CallBatcher<>(
            items -> {
              batches.add(List.copyOf(items));
              return Collections.nCopies(items.size(), null);
            },
            10);
    batcher.submit(7);
    assertEquals(List.of(List.of(7)), batches);
  }

  /** Items queued while a batch runs all go in the next one: many threads, few calls. */
  @Test
  void manyThreadsItemsEndInFewBatches() throws Exception {
    int threads = 64;
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    CallBatcher<Integer> batcher =
        new CallBatcher<>(
            items -> {
              batches.add(List.copyOf(items));
              if (batches.size() == 1) {
                firstRunning.countDown();
                try {
                  assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return Collections.nCopies(items.size(), null);
            },
            1000);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      done.add(pool.submit(() -> submit(batcher, 0)));
      assertTrue(firstRunning.await(30, TimeUnit.SECONDS));
      AtomicInteger queued = new AtomicInteger();
      for (int i = 1; i < threads; i++) {
        int item = i;
        done.add(
            pool.submit(
                () -> {
                  queued.incrementAndGet();
                  submit(batcher, item);
                }));
      }
      // Bounded wait for every thread to have reached submit() while the first batch blocks.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (queued.get() < threads - 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(200); // let them enqueue
      release.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Integer> all = new ArrayList<>();
    batches.forEach(all::addAll);
    Collections.sort(all);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      expected.add(i);
    }
    assertEquals(expected, all, "every item ran exactly once");
    assertTrue(batches.size() < threads / 4, "batches: " + batches.size());
  }

  @Test
  void eachItemGetsItsOwnOutcome() throws Exception {
    CallBatcher<String> batcher =
        new CallBatcher<>(
            items -> {
              List<BackendException> out = new ArrayList<>();
              for (String item : items) {
                out.add(
                    item.startsWith("bad")
                        ? new BackendException(BackendException.Kind.REJECTED, item + " refused")
                        : null);
              }
              return out;
            },
            10);
    ConcurrentHashMap<String, String> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String item = (i % 3 == 0 ? "bad" : "good") + i;
        done.add(
            pool.submit(
                () -> {
                  try {
                    batcher.submit(item);
                    outcomes.put(item, "ok");
                  } catch (BackendException e) {
                    outcomes.put(item, e.kind() + ": " + e.getMessage());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(40, outcomes.size());
    outcomes.forEach(
        (item, outcome) ->
            assertEquals(
                item.startsWith("bad") ? "REJECTED: " + item + " refused" : "ok", outcome, item));
  }

  @Test
  void aWholeBatchErrorFailsEveryItemAndTheNextBatchRunsNormally() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CallBatcher<Integer> batcher =
        new CallBatcher<>(
            items -> {
              if (calls.incrementAndGet() == 1) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, "server down");
              }
              return Collections.nCopies(items.size(), null);
            },
            10);
    BackendException e = assertThrows(BackendException.class, () -> batcher.submit(1));
    assertEquals(BackendException.Kind.UNAVAILABLE, e.kind());
    assertEquals("server down", e.getMessage());
    batcher.submit(2);
    assertEquals(2, calls.get());
  }

  @Test
  void aBatchThatReturnsTheWrongNumberOfOutcomesIsAnInternalError() {
    CallBatcher<Integer> batcher = new CallBatcher<>(items -> List.of(), 10);
    BackendException e = assertThrows(BackendException.class, () -> batcher.submit(1));
    assertEquals(BackendException.Kind.INTERNAL, e.kind());
  }

  @Test
  void batchesNeverExceedTheirLimit() throws Exception {
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    CallBatcher<Integer> batcher =
        new CallBatcher<>(
            items -> {
              sizes.add(items.size());
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Collections.nCopies(items.size(), null);
            },
            3);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        int item = i;
        done.add(pool.submit(() -> submit(batcher, item)));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(48, sizes.stream().mapToInt(Integer::intValue).sum());
    sizes.forEach(size -> assertTrue(size <= 3, "batch of " + size));
  }

  private static void submit(CallBatcher<Integer> batcher, int item) {
    try {
      batcher.submit(item);
    } catch (BackendException e) {
      throw new AssertionError(e);
    }
  }
}
