// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.config.RetrySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Retries with back-off, operator retry and fail, and resuming from the journal. */
class ZoneOperationQueueRetryTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();

  /** Zone name → how many more CREATE/UPDATE attempts fail (retryably); absent: succeed. */
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  private final ZoneCatalog catalog = new ZoneCatalog();
  private ZoneOperationQueue queue;

  private final OperationRunner runner =
      op -> {
        String zone = op.key().zone().toString();
        ran.add(op.kind() + " " + zone);
        AtomicInteger left = failures.get(zone);
        if (op.kind() != OperationKind.DELETE && left != null && left.getAndDecrement() > 0) {
          throw new OperationFailedException("master unreachable", true);
        }
        if (zone.startsWith("bad")) {
          throw new OperationFailedException("refused by the backend", false);
        }
        return op.kind() + " done";
      };

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
    }
  }

  private ZoneOperationQueue queue(int attempts, Duration initial, Duration max) {
    return queue(attempts, initial, max, OperationStore.NONE);
  }

  private ZoneOperationQueue queue(int attempts, Duration initial, Duration max, OperationStore s) {
    queue =
        new ZoneOperationQueue(
            runner,
            new QueueSettings(
                4,
                100,
                Duration.ZERO,
                new RetrySettings(attempts, initial, max),
                HistoryLimits.defaults()),
            s,
            catalog,
            Clock.systemUTC());
    return queue;
  }

  private static ZoneKey key(String zone) {
    return new ZoneKey("default", Name.fromConstantString(zone));
  }

  private static String await(Operation op) throws Exception {
    return op.completion().get(10, TimeUnit.SECONDS);
  }

  @Test
  void retryableFailuresAreRetriedUntilTheOperationSucceeds() throws Exception {
    queue(5, Duration.ofMillis(20), Duration.ofMillis(80));
    failures.put("flaky.test.", new AtomicInteger(2));
    Operation op = queue.submit(OperationKind.CREATE, key("flaky.test."), Optional.empty());
    assertEquals("CREATE done", await(op));
    assertEquals(3, op.attempts());
    assertEquals(OperationState.SUCCEEDED, op.state());
    assertTrue(catalog.contains(key("flaky.test.")), "a created zone enters the catalog");
  }

  @Test
  void afterTheLastAttemptTheOperationFailsWithItsReason() throws Exception {
    queue(3, Duration.ofMillis(10), Duration.ofMillis(20));
    failures.put("down.test.", new AtomicInteger(100));
    Operation op = queue.submit(OperationKind.CREATE, key("down.test."), Optional.empty());
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(op));
    assertEquals("gave up after 3 attempts: master unreachable", e.getCause().getMessage());
    assertEquals(OperationState.FAILED, op.state());
    assertEquals(List.of("CREATE down.test.", "CREATE down.test.", "CREATE down.test."), ran);
    assertFalse(catalog.contains(key("down.test.")));
    assertEquals(1, queue.failedCount());
  }

  @Test
  void aFailureThatRetryingCannotFixFailsAtOnce() throws Exception {
    queue(5, Duration.ofMillis(10), Duration.ofMillis(20));
    Operation op = queue.submit(OperationKind.CREATE, key("bad.test."), Optional.empty());
    assertThrows(ExecutionException.class, () -> await(op));
    assertEquals(1, op.attempts());
    assertEquals("refused by the backend", op.view().detail());
  }

  @Test
  void aZoneBackingOffBlocksOnlyItself() throws Exception {
    // A backoff (1 to 2 s with jitter) well beyond the 300 ms the other zones may take, so that the
    // slow zone is surely still backing off when the repeat and the NOTIFY arrive; with 200 to 400
    // ms a cold JVM sometimes started the retry first, and the NOTIFY then queued behind it.
    queue(3, Duration.ofSeconds(2), Duration.ofSeconds(2));
    failures.put("slow.test.", new AtomicInteger(1));
    Operation slow = queue.submit(OperationKind.CREATE, key("slow.test."), Optional.empty());
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      await(queue.submit(OperationKind.CREATE, key("fast" + i + ".test."), Optional.empty()));
    }
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 300, "other zones went ahead: " + tookMillis + " ms");
    assertFalse(slow.state().isFinal(), "the slow zone is still backing off");
    assertTrue(queue.isBusy(key("slow.test.")));
    // A repeat and a NOTIFY for the backing-off zone join it instead of queueing behind it.
    assertSame(slow, queue.submit(OperationKind.CREATE, key("slow.test."), Optional.empty()));
    assertSame(slow, queue.submit(OperationKind.UPDATE, key("slow.test."), Optional.empty()));
    assertEquals("CREATE done", await(slow));
    assertEquals(3, slow.view().requests());
  }

  @Test
  void aDeleteCancelsACreateThatIsBackingOff() throws Exception {
    queue(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
    failures.put("gone.test.", new AtomicInteger(100));
    Operation create = queue.submit(OperationKind.CREATE, key("gone.test."), Optional.empty());
    awaitAttempts(create, 1);
    Operation delete = queue.submit(OperationKind.DELETE, key("gone.test."), Optional.empty());
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(create));
    assertEquals("cancelled: superseded by DELETE #" + delete.id(), e.getCause().getMessage());
    assertEquals("DELETE done", await(delete));
  }

  @Test
  void anOperatorCanRetryAFailedOperationAndFailAPendingOne() throws Exception {
    queue(2, Duration.ofMillis(10), Duration.ofMillis(10));
    failures.put("later.test.", new AtomicInteger(2));
    Operation op = queue.submit(OperationKind.CREATE, key("later.test."), Optional.empty());
    assertThrows(ExecutionException.class, () -> await(op));
    assertThrows(IllegalArgumentException.class, () -> queue.fail(op.id(), "too late"));

    OperationView retried = queue.retry(op.id());
    assertEquals(op.id(), retried.id());
    assertEquals("CREATE done", await(op), "the same operation, run again");
    assertEquals(OperationState.SUCCEEDED, queue.find(op.id()).orElseThrow().state());
    assertThrows(IllegalArgumentException.class, () -> queue.retry(op.id()), "not failed");
    assertThrows(IllegalArgumentException.class, () -> queue.retry(999));

    queue.close();
    queue(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
    failures.put("stuck.test.", new AtomicInteger(100));
    Operation stuck = queue.submit(OperationKind.CREATE, key("stuck.test."), Optional.empty());
    awaitAttempts(stuck, 1);
    Operation behind = queue.submit(OperationKind.DELETE, key("stuck.test."), Optional.empty());
    assertThrows(ExecutionException.class, () -> await(stuck), "cancelled by the DELETE");
    await(behind);
    Operation again = queue.submit(OperationKind.UPDATE, key("stuck.test."), Optional.empty());
    awaitAttempts(again, 1);
    OperationView failed = queue.fail(again.id(), "server retired");
    assertEquals(OperationState.FAILED, failed.state());
    assertEquals("failed by an operator: server retired", failed.detail());
    assertEquals(0, queue.depth());
  }

  @Test
  void restoreResumesUnfinishedOperationsInOrder() throws Exception {
    Instant t = Instant.now();
    List<OperationView> journal =
        List.of(
            view(1, OperationKind.CREATE, "a.test.", OperationState.SUCCEEDED, 1, t),
            view(2, OperationKind.DELETE, "a.test.", OperationState.PENDING, 0, t),
            view(3, OperationKind.CREATE, "b.test.", OperationState.RUNNING, 1, t),
            view(4, OperationKind.CREATE, "a.test.", OperationState.PENDING, 0, t),
            view(5, OperationKind.CREATE, "c.test.", OperationState.RUNNING, 3, t));
    queue(3, Duration.ofMillis(10), Duration.ofMillis(10));
    queue.restore(journal, 5);
    awaitIdle();
    assertEquals(
        List.of("DELETE a.test.", "CREATE a.test."),
        ran.stream().filter(s -> s.endsWith("a.test.")).toList());
    assertTrue(ran.contains("CREATE b.test."));
    assertFalse(ran.contains("CREATE c.test."), "interrupted in its last attempt: given up");
    assertEquals(OperationState.FAILED, queue.find(5).orElseThrow().state());
    assertEquals(2, queue.find(3).orElseThrow().attempts(), "attempt count carried over");
    assertEquals(OperationState.SUCCEEDED, queue.find(1).orElseThrow().state());
    Operation next = queue.submit(OperationKind.CREATE, key("d.test."), Optional.empty());
    assertEquals(6, next.id(), "ids continue after the journal's");
  }

  private static OperationView view(
      long id, OperationKind kind, String zone, OperationState state, int attempts, Instant t) {
    return new OperationView(id, kind, key(zone), state, t, t, t, attempts, 1, "");
  }

  private void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (queue.depth() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, queue.depth());
  }

  private static void awaitAttempts(Operation op, int attempts) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(op.attempts() >= attempts && op.state() == OperationState.PENDING)) {
      assertTrue(System.nanoTime() < deadline, "attempt " + attempts + " of " + op);
      Thread.sleep(5);
    }
  }
}
