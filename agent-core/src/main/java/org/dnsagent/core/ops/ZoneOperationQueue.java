// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.config.RetrySettings;
import org.dnsagent.core.ops.OperationBook.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.SOARecord;

/**
 * Runs zone operations off the listener threads: one operation at a time per zone, in arrival
 * order, many zones in parallel. Every operation is recorded in an {@link OperationStore} (the
 * journal) before it counts as accepted and before it runs. Repeats fold into what is already
 * queued: a CREATE or DELETE that repeats the last queued one joins it, and NOTIFYs arriving while
 * an update waits join that update (RFC 1996 §4.4). A retryable failure keeps the zone's lane
 * blocked while the operation backs off; other zones go on.
 */
public final class ZoneOperationQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneOperationQueue.class);

  private final OperationRunner runner;
  private final QueueSettings settings;
  private final OperationStore store;
  private final Clock clock;
  private final Random random = new Random();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final OperationBook book; // guarded by this
  private boolean closed; // guarded by this
  private volatile OperationObserver observer = OperationObserver.NONE;

  public ZoneOperationQueue(
      OperationRunner runner,
      QueueSettings settings,
      OperationStore store,
      ZoneCatalog catalog,
      Clock clock) {
    this.runner = runner;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.book = new OperationBook(settings, store, catalog, clock, this::dispatch);
    this.workers = Executors.newFixedThreadPool(settings.workers(), Durability.named("zone-op"));
    this.timer = Executors.newSingleThreadScheduledExecutor(Durability.named("zone-op-timer"));
  }

  /** A queue without journal or retries (tests and tools). */
  public ZoneOperationQueue(
      OperationRunner runner, int workers, int maxPending, Duration notifyDelay, Clock clock) {
    this(
        runner,
        new QueueSettings(
            workers, maxPending, notifyDelay, RetrySettings.none(), HistoryLimits.defaults()),
        OperationStore.NONE,
        new ZoneCatalog(),
        clock);
  }

  /** Who is told of each attempt and each end of an operation (metrics, audit); set before use. */
  public void observe(OperationObserver observer) {
    this.observer = observer;
  }

  /**
   * Resumes operations read back from the journal: finished ones become history, the others are
   * queued again in their original order. Call once, before the first {@link #submit}.
   */
  public void restore(Collection<OperationView> operations, long lastUsedId) {
    List<Done> done;
    synchronized (this) {
      done = book.restore(operations, lastUsedId);
    }
    done.forEach(Done::complete);
  }

  /**
   * Accepts an operation, or joins a queued one it repeats, and returns once it is durable.
   *
   * @throws QueueFullException when the queue holds its maximum already
   * @throws OperationRejectedException when it could not be recorded
   */
  public Operation submit(OperationKind kind, ZoneKey key, Optional<SOARecord> hint)
      throws OperationRejectedException {
    Operation op = submitAsync(kind, key, hint);
    Durability.await(op.accepted());
    return op;
  }

  /**
   * Like {@link #submit} but returns at once: the request counts as accepted only when {@link
   * Operation#accepted()} completes (the listeners reply from there, so that one fsync serves all
   * requests waiting for it instead of one per request thread).
   *
   * @throws QueueFullException when the queue holds its maximum already
   */
  public Operation submitAsync(OperationKind kind, ZoneKey key, Optional<SOARecord> hint)
      throws OperationRejectedException {
    return submitAsync(kind, key, hint, null);
  }

  /**
   * As {@link #submitAsync(OperationKind, ZoneKey, Optional)}, noting who asked ({@code
   * requestedBy}, for the audit log; the first request of an operation is the one noted).
   */
  public Operation submitAsync(
      OperationKind kind, ZoneKey key, Optional<SOARecord> hint, String requestedBy)
      throws OperationRejectedException {
    Operation op;
    List<Done> done = new ArrayList<>();
    synchronized (this) {
      op = submitLocked(kind, key, hint, done);
      if (requestedBy != null) {
        op.requestedBy(requestedBy); // before it can run: running takes this lock
      }
    }
    done.forEach(Done::complete);
    return op;
  }

  /**
   * Queues a repair found by reconciliation, unless the zone has operations queued (they settle it
   * anyway) or has left the catalog meanwhile (a DELETE won the race). Checked and queued under one
   * lock, so a repair never undoes a DELETE.
   *
   * @return whether it was queued
   */
  public synchronized boolean submitRepair(
      OperationKind kind, ZoneKey key, Optional<SOARecord> hint) throws OperationRejectedException {
    if (kind == OperationKind.DELETE || book.existingLane(key) != null || !book.inCatalog(key)) {
      return false;
    }
    submitLocked(kind, key, hint, new ArrayList<>()).requestedBy("reconciliation");
    return true;
  }

  private Operation submitLocked(
      OperationKind kind, ZoneKey key, Optional<SOARecord> hint, List<Done> done)
      throws OperationRejectedException {
    if (closed) {
      throw new OperationRejectedException("the agent is stopping");
    }
    return book.submit(kind, key, hint, done);
  }

  /** Runs the operation on a worker once it is durable and {@code at} has come. */
  private void dispatch(ZoneKey key, Lane lane, Operation op, Instant at) {
    Runnable task = () -> execute(key, lane, op);
    op.accepted()
        .whenComplete(
            (ignored, error) -> {
              long delay = Duration.between(clock.instant(), at).toMillis();
              try {
                if (delay > 0 && error == null) {
                  timer.schedule(() -> runOnWorker(task), delay, TimeUnit.MILLISECONDS);
                } else {
                  workers.execute(task);
                }
              } catch (RejectedExecutionException e) {
                // Stopping: the operation stays in the journal and resumes at the next start.
              }
            });
  }

  private void runOnWorker(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      // Stopping; see dispatch.
    }
  }

  private void execute(ZoneKey key, Lane lane, Operation op) {
    Done done = null;
    synchronized (this) {
      if (closed || lane.running != op || lane.executing || op.state() != OperationState.PENDING) {
        return; // cancelled (DELETE, operator) or stopping
      }
      if (op.accepted().isCompletedExceptionally()) {
        lane.running = null;
        done = book.finish(op, OperationState.FAILED, "not recorded in the journal", null);
        book.startNext(key, lane);
      } else {
        lane.executing = true;
        op.markRunning(clock.instant());
        store.save(op.view());
      }
    }
    if (done != null) {
      done.complete();
      return;
    }
    String result = null;
    OperationFailedException failure = null;
    long started = System.nanoTime();
    try {
      result = runner.run(op);
      log.debug("{} done: {}", op, result);
    } catch (OperationFailedException e) {
      failure = e;
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly", op, e);
      failure = new OperationFailedException("internal error: " + e, false, e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    synchronized (this) {
      lane.executing = false;
      if (failure != null && failure.retryable() && retryLater(key, lane, op, failure)) {
        observer.attempt(op, "retrying", seconds);
        return;
      }
      lane.running = null;
      done =
          failure == null
              ? book.finish(op, OperationState.SUCCEEDED, result, null)
              : failed(op, failure);
      book.startNext(key, lane);
    }
    observer.attempt(op, failure == null ? "succeeded" : "failed", seconds);
    observer.finished(
        op,
        failure == null ? OperationState.SUCCEEDED : OperationState.FAILED,
        failure == null ? result : failure.getMessage());
    done.complete();
  }

  private Done failed(Operation op, OperationFailedException failure) {
    int attempts = op.attempts();
    if (attempts <= 1) {
      log.warn("{} failed: {}", op, failure.getMessage());
      return book.finish(op, OperationState.FAILED, failure.getMessage(), failure);
    }
    String text = "gave up after " + attempts + " attempts: " + failure.getMessage();
    log.warn("{} {}", op, text);
    return book.finish(
        op, OperationState.FAILED, text, new OperationFailedException(text, true, failure));
  }

  /** Schedules another attempt if the limit allows; the lane stays blocked meanwhile. */
  private boolean retryLater(ZoneKey key, Lane lane, Operation op, OperationFailedException e) {
    RetrySettings retry = settings.retry();
    int attempts = op.attempts();
    Instant now = clock.instant();
    if (closed) {
      // Stopping: left pending in the journal, resumed at the next start.
      op.markRetrying(now, now, "attempt " + attempts + " failed: " + e.getMessage());
      return true;
    }
    if (attempts >= retry.maxAttempts()) {
      return false;
    }
    Duration wait = retry.delayAfter(attempts, random);
    String text =
        String.format(
            "attempt %d of %d failed: %s; next in %.1f s",
            attempts, retry.maxAttempts(), e.getMessage(), wait.toMillis() / 1000.0);
    log.info("{} {}", op, text);
    op.markRetrying(now, now.plus(wait), text);
    store.save(op.view());
    dispatch(key, lane, op, now.plus(wait));
    return true;
  }

  /**
   * Queues a failed operation again with a fresh count of attempts ({@code dns-agent ops retry}).
   *
   * @throws IllegalArgumentException if there is no such operation or it has not failed
   */
  public OperationView retry(long id) throws OperationRejectedException {
    CompletableFuture<Void> durable;
    synchronized (this) {
      durable = book.requeue(id);
    }
    log.info("operation {} queued again by an operator", id);
    Durability.await(durable);
    return find(id).orElseThrow();
  }

  /**
   * Ends a queued operation as failed ({@code dns-agent ops fail}); one that is executing right now
   * cannot be ended.
   *
   * @throws IllegalArgumentException if there is no such pending operation, or it is executing
   */
  public OperationView fail(long id, String reason) {
    Done done;
    synchronized (this) {
      done = book.failByOperator(id, reason);
    }
    log.info("{} {}", done.op(), done.op().view().detail());
    done.complete();
    return done.op().view();
  }

  /** True if a CREATE for the zone is queued or running (a NOTIFY for it is then expected). */
  public synchronized boolean hasCreate(ZoneKey key) {
    return book.hasCreate(key);
  }

  /** True if the zone has operations queued or running. */
  public synchronized boolean isBusy(ZoneKey key) {
    return book.existingLane(key) != null;
  }

  /** One operation, pending or in the history. */
  public synchronized Optional<OperationView> find(long id) {
    return book.find(id).map(Operation::view);
  }

  /** Operations queued or running now, then finished ones in the history, oldest first. */
  public List<OperationView> list() {
    return list(v -> true);
  }

  /** The operations that match, oldest first. */
  public List<OperationView> list(Predicate<OperationView> filter) {
    List<Operation> all;
    synchronized (this) {
      all = book.all();
    }
    return all.stream()
        .map(Operation::view)
        .filter(filter)
        .sorted(Comparator.comparingLong(OperationView::id))
        .toList();
  }

  /** Operations queued or running. */
  public synchronized int depth() {
    return book.depth();
  }

  /** Failed operations still in the history. */
  public synchronized long failedCount() {
    return book.failedCount();
  }

  /** Creation time of the oldest operation not yet finished. */
  public synchronized Optional<Instant> oldestPending() {
    return book.oldestPending();
  }

  /** Forgets finished operations beyond the history limits (called periodically). */
  public synchronized void pruneHistory() {
    book.pruneHistory();
  }

  /**
   * Stops taking and starting operations; those executing get a few seconds to end. Operations not
   * finished stay in the journal and resume at the next start.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
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
}
