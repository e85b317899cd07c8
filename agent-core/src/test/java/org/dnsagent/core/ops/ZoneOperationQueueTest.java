// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneOperationQueueTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Map<Name, AtomicInteger> concurrent = new ConcurrentHashMap<>();
  private final AtomicInteger maxSameZone = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private ZoneOperationQueue queue;

  private final OperationRunner runner =
      op -> {
        int now =
            concurrent.computeIfAbsent(op.key().zone(), k -> new AtomicInteger()).incrementAndGet();
        maxSameZone.accumulateAndGet(now, Math::max);
        try {
          gate.await(5, TimeUnit.SECONDS);
          log.add(op.kind() + " " + op.key().zone());
          if (op.key().zone().toString().startsWith("fail")) {
            throw new OperationFailedException("boom", true);
          }
          return "ok";
        } catch (InterruptedException e) {
          throw new OperationFailedException("interrupted", true);
        } finally {
          concurrent.get(op.key().zone()).decrementAndGet();
        }
      };

  @AfterEach
  void close() {
    if (queue != null) {
      queue.close();
    }
  }

  private ZoneOperationQueue queue(int max) {
    queue = new ZoneOperationQueue(runner, 8, max, Duration.ZERO, Clock.systemUTC());
    return queue;
  }

  private static ZoneKey key(String zone) {
    return new ZoneKey("default", Name.fromConstantString(zone));
  }

  @Test
  void oneZoneRunsInOrderOneAtATime() throws Exception {
    queue(100);
    gate = new CountDownLatch(1);
    Operation create = queue.submit(OperationKind.CREATE, key("a.test."), Optional.empty());
    Operation update = queue.submit(OperationKind.UPDATE, key("a.test."), Optional.empty());
    Operation delete = queue.submit(OperationKind.DELETE, key("a.test."), Optional.empty());
    gate.countDown();
    delete.completion().get(5, TimeUnit.SECONDS);
    create.completion().get(5, TimeUnit.SECONDS);
    assertEquals("superseded by DELETE #3", update.completion().get(5, TimeUnit.SECONDS));
    assertEquals(
        List.of("CREATE a.test.", "DELETE a.test."),
        log,
        "the waiting update was superseded by the delete");
    assertEquals(1, maxSameZone.get());
  }

  @Test
  void repeatsJoinTheQueuedOperation() throws Exception {
    queue(100);
    gate = new CountDownLatch(1);
    Operation first = queue.submit(OperationKind.CREATE, key("b.test."), Optional.empty());
    Operation again = queue.submit(OperationKind.CREATE, key("B.TEST."), Optional.empty());
    assertSame(first, again, "names compare without case");
    gate.countDown();
    first.completion().get(5, TimeUnit.SECONDS);
    assertEquals(2, first.view().requests());
    assertEquals(1, log.size());
  }

  @Test
  void notifyStormFoldsIntoOneUpdateBehindTheRunningOne() throws Exception {
    queue(100);
    gate = new CountDownLatch(1);
    Operation running = queue.submit(OperationKind.UPDATE, key("c.test."), Optional.empty());
    Thread.sleep(100); // let it start
    Operation next = null;
    for (int i = 0; i < 1000; i++) {
      Operation op = queue.submit(OperationKind.UPDATE, key("c.test."), Optional.empty());
      if (next == null) {
        next = op;
      }
      assertSame(next, op);
    }
    gate.countDown();
    next.completion().get(5, TimeUnit.SECONDS);
    running.completion().get(5, TimeUnit.SECONDS);
    assertEquals(2, log.size(), "one update running, one folded update after it");
  }

  @Test
  void zonesRunInParallel() throws Exception {
    queue(100);
    gate = new CountDownLatch(1);
    Operation a = queue.submit(OperationKind.CREATE, key("p1.test."), Optional.empty());
    Operation b = queue.submit(OperationKind.CREATE, key("p2.test."), Optional.empty());
    // Both start while the gate is closed (bounded wait: a busy machine starts threads late).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((concurrent.get(Name.fromConstantString("p1.test.")) == null
            || concurrent.get(Name.fromConstantString("p2.test.")) == null)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, concurrent.get(Name.fromConstantString("p1.test.")).get());
    assertEquals(1, concurrent.get(Name.fromConstantString("p2.test.")).get());
    gate.countDown();
    a.completion().get(5, TimeUnit.SECONDS);
    b.completion().get(5, TimeUnit.SECONDS);
  }

  @Test
  void failureCompletesExceptionallyAndLaneContinues() throws Exception {
    queue(100);
    Operation failing = queue.submit(OperationKind.CREATE, key("fail.test."), Optional.empty());
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> failing.completion().get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof OperationFailedException);
    assertEquals(OperationState.FAILED, failing.state());
    Operation after = queue.submit(OperationKind.DELETE, key("fail.test."), Optional.empty());
    assertThrows(ExecutionException.class, () -> after.completion().get(5, TimeUnit.SECONDS));
    assertEquals(0, queue.depth());
  }

  @Test
  void fullQueueRefusesNewWorkButStillJoins() throws Exception {
    queue(2);
    gate = new CountDownLatch(1);
    queue.submit(OperationKind.CREATE, key("q1.test."), Optional.empty());
    Operation second = queue.submit(OperationKind.CREATE, key("q2.test."), Optional.empty());
    assertThrows(
        QueueFullException.class,
        () -> queue.submit(OperationKind.CREATE, key("q3.test."), Optional.empty()));
    assertSame(second, queue.submit(OperationKind.CREATE, key("q2.test."), Optional.empty()));
    gate.countDown();
    second.completion().get(5, TimeUnit.SECONDS);
  }

  @Test
  void repeatsThatWouldPileUpAreRefused() throws Exception {
    queue(10);
    gate = new CountDownLatch(1);
    Operation first = queue.submit(OperationKind.CREATE, key("r.test."), Optional.empty());
    for (int i = 1; i < 1000; i++) {
      assertSame(first, queue.submit(OperationKind.CREATE, key("r.test."), Optional.empty()));
    }
    assertThrows(
        QueueFullException.class,
        () -> queue.submit(OperationKind.CREATE, key("r.test."), Optional.empty()));
    gate.countDown();
    first.completion().get(5, TimeUnit.SECONDS);
  }

  @Test
  void tracksCreatesForNotifyAcceptance() throws Exception {
    queue(10);
    gate = new CountDownLatch(1);
    queue.submit(OperationKind.CREATE, key("n.test."), Optional.empty());
    assertTrue(queue.hasCreate(key("n.test.")));
    gate.countDown();
  }
}
