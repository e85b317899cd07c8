// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.SOARecord;

/**
 * Runs zone operations off the listener threads: one operation at a time per zone, in arrival
 * order, many zones in parallel. Repeats fold into what is already queued: a CREATE or DELETE that
 * repeats the last queued one joins it, and NOTIFYs arriving while an update waits to start join
 * that update (RFC 1996 §4.4), so a burst of NOTIFYs costs at most one transfer after the running
 * one.
 */
public final class ZoneOperationQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneOperationQueue.class);

  private final OperationRunner runner;
  private final int maxPending;
  private final Duration notifyDelay;
  private final Clock clock;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final AtomicLong ids = new AtomicLong();
  private final Map<ZoneKey, Lane> lanes = new HashMap<>();
  private final List<Operation> recent = new ArrayList<>();
  private int queued;

  /** The operations of one zone: the one running, then those waiting. */
  private static final class Lane {
    Operation running;
    final ArrayDeque<Operation> waiting = new ArrayDeque<>();

    Operation tail() {
      return waiting.isEmpty() ? running : waiting.peekLast();
    }
  }

  public ZoneOperationQueue(
      OperationRunner runner, int workers, int maxPending, Duration notifyDelay, Clock clock) {
    this.runner = runner;
    this.maxPending = maxPending;
    this.notifyDelay = notifyDelay;
    this.clock = clock;
    this.workers = Executors.newFixedThreadPool(workers, named("zone-op"));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("zone-op-timer"));
  }

  /**
   * Accepts an operation, or joins a queued one it repeats.
   *
   * @throws QueueFullException when {@code maxPending} operations are queued already
   */
  public synchronized Operation submit(OperationKind kind, ZoneKey key, Optional<SOARecord> hint)
      throws QueueFullException {
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
    Operation tail = lane.tail();
    Operation joined = joinable(lane, tail, kind);
    if (joined != null) {
      joined.join(hint);
      return joined;
    }
    if (queued >= maxPending) {
      if (lane.running == null && lane.waiting.isEmpty()) {
        lanes.remove(key);
      }
      throw new QueueFullException(queued + " operations queued (max_pending_operations)");
    }
    if (kind == OperationKind.DELETE) {
      dropWaitingUpdates(lane);
    }
    Instant now = clock.instant();
    Instant notBefore = kind == OperationKind.UPDATE ? now.plus(notifyDelay) : now;
    Operation op = new Operation(ids.incrementAndGet(), kind, key, now, notBefore);
    op.setHint(hint);
    lane.waiting.add(op);
    queued++;
    remember(op);
    if (lane.running == null) {
      startNext(key, lane);
    }
    return op;
  }

  private static Operation joinable(Lane lane, Operation tail, OperationKind kind) {
    if (tail == null) {
      return null;
    }
    boolean tailWaiting = tail != lane.running;
    return switch (kind) {
      case CREATE, DELETE -> tail.kind() == kind ? tail : null;
      case UPDATE ->
          tailWaiting
                  && (tail.kind() == OperationKind.UPDATE || tail.kind() == OperationKind.CREATE)
              ? tail
              : null;
    };
  }

  /** Updates waiting behind a new DELETE would transfer a zone about to go; end them now. */
  private void dropWaitingUpdates(Lane lane) {
    for (Iterator<Operation> it = lane.waiting.iterator(); it.hasNext(); ) {
      Operation op = it.next();
      if (op.kind() == OperationKind.UPDATE) {
        it.remove();
        queued--;
        op.succeed(clock.instant(), "superseded by a DELETE");
      }
    }
  }

  /** True if a CREATE for the zone is queued or running (a NOTIFY for it is then expected). */
  public synchronized boolean hasCreate(ZoneKey key) {
    Lane lane = lanes.get(key);
    if (lane == null) {
      return false;
    }
    if (lane.running != null && lane.running.kind() == OperationKind.CREATE) {
      return true;
    }
    return lane.waiting.stream().anyMatch(o -> o.kind() == OperationKind.CREATE);
  }

  private void startNext(ZoneKey key, Lane lane) {
    Operation next = lane.waiting.poll();
    if (next == null) {
      lanes.remove(key);
      return;
    }
    lane.running = next;
    long delayMillis = Duration.between(clock.instant(), next.notBefore()).toMillis();
    Runnable task = () -> execute(key, lane, next);
    if (delayMillis > 0) {
      timer.schedule(() -> workers.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      workers.execute(task);
    }
  }

  private void execute(ZoneKey key, Lane lane, Operation op) {
    op.markRunning(clock.instant());
    String result = null;
    OperationFailedException failure = null;
    try {
      result = runner.run(op);
      log.debug("{} done: {}", op, result);
    } catch (OperationFailedException e) {
      log.warn("{} failed: {}", op, e.getMessage());
      failure = e;
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly", op, e);
      failure = new OperationFailedException("internal error: " + e, false, e);
    } finally {
      synchronized (this) {
        lane.running = null;
        queued--;
        startNext(key, lane);
      }
    }
    // Completed outside the lock: completion callbacks send replies.
    if (failure == null) {
      op.succeed(clock.instant(), result);
    } else {
      op.fail(clock.instant(), failure);
    }
  }

  private void remember(Operation op) {
    recent.add(op);
    if (recent.size() > 10_000) {
      recent.removeIf(o -> o.state().isFinal());
      if (recent.size() > 10_000) {
        recent.subList(0, recent.size() - 10_000).clear();
      }
    }
  }

  /** Operations queued or running now, then recently finished ones, oldest first. */
  public synchronized List<OperationView> list() {
    return recent.stream()
        .map(Operation::view)
        .sorted(Comparator.comparingLong(OperationView::id))
        .toList();
  }

  /** Operations queued or running. */
  public synchronized int depth() {
    return queued;
  }

  /** Creation time of the oldest operation not yet finished. */
  public synchronized Optional<Instant> oldestPending() {
    return lanes.values().stream()
        .flatMap(
            l ->
                java.util.stream.Stream.concat(
                    java.util.stream.Stream.ofNullable(l.running), l.waiting.stream()))
        .map(Operation::createdAt)
        .min(Comparator.naturalOrder());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
