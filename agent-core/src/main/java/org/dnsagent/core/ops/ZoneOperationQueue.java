// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.config.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.SOARecord;

/**
 * Runs zone operations off the listener threads: one operation at a time per zone, in arrival
 * order, many zones in parallel. Every operation is recorded in an {@link OperationStore} (the
 * journal) before {@link #submit} returns and before it runs. Repeats fold into what is already
 * queued: a CREATE or DELETE that repeats the last queued one joins it, and NOTIFYs arriving while
 * an update waits to start join that update (RFC 1996 §4.4). A retryable failure keeps the zone's
 * lane blocked while the operation backs off; other zones go on.
 */
public final class ZoneOperationQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneOperationQueue.class);
  private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

  private final OperationRunner runner;
  private final QueueSettings settings;
  private final OperationStore store;
  private final ZoneCatalog catalog;
  private final Clock clock;
  private final Random random = new Random();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final Map<ZoneKey, Lane> lanes = new HashMap<>();
  private final Map<Long, Operation> active = new HashMap<>();
  private final OperationHistory history;
  private long lastId;
  private boolean closed;

  /** An operation that reached its final state; its requests are told outside the lock. */
  private record Done(Operation op, OperationFailedException failure) {
    void complete() {
      op.complete(failure);
    }
  }

  public ZoneOperationQueue(
      OperationRunner runner,
      QueueSettings settings,
      OperationStore store,
      ZoneCatalog catalog,
      Clock clock) {
    this.runner = runner;
    this.settings = settings;
    this.store = store;
    this.catalog = catalog;
    this.clock = clock;
    this.history = new OperationHistory(settings.history());
    this.workers = Executors.newFixedThreadPool(settings.workers(), named("zone-op"));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("zone-op-timer"));
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

  /**
   * Resumes operations read back from the journal: finished ones become history, the others are
   * queued again in their original order. Call once, before the first {@link #submit}.
   */
  public void restore(Collection<OperationView> operations, long lastUsedId) {
    List<Done> done = new ArrayList<>();
    synchronized (this) {
      lastId = Math.max(lastId, lastUsedId);
      Instant now = clock.instant();
      List<OperationView> sorted =
          operations.stream().sorted(Comparator.comparingLong(OperationView::id)).toList();
      for (OperationView v : sorted) {
        lastId = Math.max(lastId, v.id());
        Operation op = Operation.restored(v, now);
        if (op.state().isFinal()) {
          history.add(op, now);
          continue;
        }
        active.put(op.id(), op);
        if (v.state() == OperationState.RUNNING && v.attempts() >= settings.retry().maxAttempts()) {
          // Interrupted by a stop during its last allowed attempt, possibly every time.
          done.add(
              finish(
                  op,
                  OperationState.FAILED,
                  "gave up: the agent stopped during attempt " + v.attempts(),
                  null));
          continue;
        }
        lanes.computeIfAbsent(op.key(), k -> new Lane()).waiting.add(op);
      }
      new ArrayList<>(lanes.entrySet()).forEach(e -> startNext(e.getKey(), e.getValue()));
      log.debug("resumed {} operations from the journal", active.size());
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
    awaitDurable(op.accepted());
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
    Operation op;
    List<Done> done = new ArrayList<>();
    synchronized (this) {
      op = submitLocked(kind, key, hint, done);
    }
    done.forEach(Done::complete);
    return op;
  }

  private Operation submitLocked(
      OperationKind kind, ZoneKey key, Optional<SOARecord> hint, List<Done> done)
      throws OperationRejectedException {
    if (closed) {
      throw new OperationRejectedException("the agent is stopping");
    }
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
    Operation joined = joinable(lane, kind);
    if (joined != null) {
      joined.join(hint);
      return joined;
    }
    if (active.size() >= settings.maxPending()) {
      if (lane.idle()) {
        lanes.remove(key);
      }
      throw new QueueFullException(active.size() + " operations queued (max_pending_operations)");
    }
    Instant now = clock.instant();
    long id = ++lastId;
    if (kind == OperationKind.DELETE) {
      supersede(lane, id, done);
    }
    Instant notBefore = kind == OperationKind.UPDATE ? now.plus(settings.notifyDelay()) : now;
    Operation op = new Operation(id, kind, key, now, notBefore, new CompletableFuture<>());
    op.setHint(hint);
    link(store.save(op.view()), op.accepted());
    lane.waiting.add(op);
    active.put(id, op);
    if (lane.running == null) {
      startNext(key, lane);
    }
    return op;
  }

  private static Operation joinable(Lane lane, OperationKind kind) {
    Operation tail = lane.tail();
    if (tail == null) {
      return null;
    }
    // An update can still take in a NOTIFY if it waits: queued, or backing off between attempts.
    boolean waiting = tail != lane.running || lane.backingOff();
    return switch (kind) {
      case CREATE, DELETE -> tail.kind() == kind ? tail : null;
      case UPDATE ->
          waiting
                  && (tail.kind() == OperationKind.UPDATE || tail.kind() == OperationKind.CREATE)
              ? tail
              : null;
    };
  }

  /**
   * Work made pointless by a new DELETE ends now: waiting updates, and a CREATE or update that is
   * backing off between retries.
   */
  private void supersede(Lane lane, long deleteId, List<Done> done) {
    String why = "superseded by DELETE #" + deleteId;
    for (Iterator<Operation> it = lane.waiting.iterator(); it.hasNext(); ) {
      Operation op = it.next();
      if (op.kind() == OperationKind.UPDATE) {
        it.remove();
        done.add(finish(op, OperationState.SUCCEEDED, why, null));
      }
    }
    Operation current = lane.running;
    if (lane.backingOff() && current.kind() != OperationKind.DELETE) {
      lane.running = null;
      boolean update = current.kind() == OperationKind.UPDATE;
      done.add(
          update
              ? finish(current, OperationState.SUCCEEDED, why, null)
              : finish(
                  current,
                  OperationState.FAILED,
                  "cancelled: " + why,
                  new OperationFailedException("cancelled: " + why, false)));
    }
  }

  private void startNext(ZoneKey key, Lane lane) {
    if (lane.running != null) {
      return;
    }
    Operation next = lane.waiting.poll();
    if (next == null) {
      lanes.remove(key);
      return;
    }
    lane.running = next;
    lane.executing = false;
    dispatch(key, lane, next, next.notBefore());
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
        String why = "not recorded in the journal";
        lane.running = null;
        done = finish(op, OperationState.FAILED, why, new OperationFailedException(why, false));
        startNext(key, lane);
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
    try {
      result = runner.run(op);
      log.debug("{} done: {}", op, result);
    } catch (OperationFailedException e) {
      failure = e;
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly", op, e);
      failure = new OperationFailedException("internal error: " + e, false, e);
    }
    synchronized (this) {
      lane.executing = false;
      if (failure != null && failure.retryable() && retryLater(key, lane, op, failure)) {
        return;
      }
      lane.running = null;
      if (failure == null) {
        done = finish(op, OperationState.SUCCEEDED, result, null);
      } else {
        int attempts = op.attempts();
        String text =
            attempts > 1 ? "gave up after " + attempts + " attempts: " + failure.getMessage() : "";
        log.warn("{} failed: {}", op, text.isEmpty() ? failure.getMessage() : text);
        done =
            finish(
                op,
                OperationState.FAILED,
                text.isEmpty() ? failure.getMessage() : text,
                text.isEmpty() ? failure : new OperationFailedException(text, true, failure));
      }
      startNext(key, lane);
    }
    done.complete();
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

  /** Final bookkeeping under the lock; the caller unlinks the operation from its lane. */
  private Done finish(
      Operation op, OperationState outcome, String text, OperationFailedException failure) {
    Instant now = clock.instant();
    op.finish(now, outcome, text);
    if (outcome == OperationState.SUCCEEDED) {
      if (op.kind() == OperationKind.CREATE && catalog.add(op.key())) {
        store.saveCatalog(op.key(), true);
      } else if (op.kind() == OperationKind.DELETE && catalog.remove(op.key())) {
        store.saveCatalog(op.key(), false);
      }
    }
    store.save(op.view());
    active.remove(op.id());
    history.add(op, now);
    return new Done(
        op, failure != null || outcome == OperationState.SUCCEEDED ? failure : failed(text));
  }

  private static OperationFailedException failed(String text) {
    return new OperationFailedException(text, false);
  }

  /**
   * Queues a failed operation again with a fresh count of attempts ({@code dns-agent ops retry}).
   *
   * @throws IllegalArgumentException if there is no such operation or it has not failed
   */
  public OperationView retry(long id) throws OperationRejectedException {
    CompletableFuture<Void> durable;
    Operation op;
    synchronized (this) {
      op = history.get(id);
      if (op == null || op.state() != OperationState.FAILED) {
        throw new IllegalArgumentException(
            "operation " + id + (op != null || active.containsKey(id) ? " has not failed" : unknown()));
      }
      if (active.size() >= settings.maxPending()) {
        throw new QueueFullException(active.size() + " operations queued");
      }
      history.remove(id);
      op.requeue(clock.instant(), "queued again by an operator");
      active.put(id, op);
      Lane lane = lanes.computeIfAbsent(op.key(), k -> new Lane());
      lane.waiting.add(op);
      durable = store.save(op.view());
      startNext(op.key(), lane);
    }
    log.info("{} queued again by an operator", op);
    awaitDurable(durable);
    return op.view();
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
      Operation op = active.get(id);
      if (op == null) {
        throw new IllegalArgumentException(
            "operation " + id + (history.get(id) != null ? " has finished already" : unknown()));
      }
      Lane lane = lanes.get(op.key());
      String text = "failed by an operator" + (reason.isBlank() ? "" : ": " + reason);
      if (lane.running == op) {
        if (lane.executing) {
          throw new IllegalArgumentException(
              "operation " + id + " is executing right now; try again when the attempt ends");
        }
        lane.running = null;
        done = finish(op, OperationState.FAILED, text, null);
        startNext(op.key(), lane);
      } else {
        lane.waiting.remove(op);
        done = finish(op, OperationState.FAILED, text, null);
      }
    }
    log.info("{} {}", done.op(), done.op().view().detail());
    done.complete();
    return done.op().view();
  }

  private static String unknown() {
    return " is unknown (or its history was dropped)";
  }

  private static void link(CompletableFuture<Void> from, CompletableFuture<Void> to) {
    from.whenComplete(
        (v, e) -> {
          if (e == null) {
            to.complete(null);
          } else {
            to.completeExceptionally(e);
          }
        });
  }

  private static void awaitDurable(CompletableFuture<Void> durable)
      throws OperationRejectedException {
    try {
      durable.get(ACCEPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new OperationRejectedException(
          "cannot record the operation: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new OperationRejectedException("the journal did not record the operation in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationRejectedException("interrupted");
    }
  }

  /**
   * Queues a repair found by reconciliation, unless the zone has operations queued (they settle it
   * anyway) or has left the catalog meanwhile (a DELETE won the race). Checked and queued under one
   * lock, so a repair never undoes a DELETE.
   *
   * @return whether it was queued
   */
  public synchronized boolean submitRepair(
      OperationKind kind, ZoneKey key, Optional<SOARecord> hint)
      throws OperationRejectedException {
    if (kind == OperationKind.DELETE || lanes.containsKey(key) || !catalog.contains(key)) {
      return false;
    }
    submitLocked(kind, key, hint, new ArrayList<>());
    return true;
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

  /** True if the zone has operations queued or running. */
  public synchronized boolean isBusy(ZoneKey key) {
    return lanes.containsKey(key);
  }

  /** One operation, pending or in the history. */
  public synchronized Optional<OperationView> find(long id) {
    Operation op = active.get(id);
    if (op == null) {
      op = history.get(id);
    }
    return Optional.ofNullable(op).map(Operation::view);
  }

  /** Operations queued or running now, then finished ones in the history, oldest first. */
  public List<OperationView> list() {
    return list(v -> true);
  }

  /** The operations that match, oldest first. */
  public List<OperationView> list(Predicate<OperationView> filter) {
    List<Operation> all;
    synchronized (this) {
      all = new ArrayList<>(active.values());
      all.addAll(history.all());
    }
    return all.stream()
        .map(Operation::view)
        .filter(filter)
        .sorted(Comparator.comparingLong(OperationView::id))
        .toList();
  }

  /** Operations queued or running. */
  public synchronized int depth() {
    return active.size();
  }

  /** Failed operations still in the history. */
  public synchronized long failedCount() {
    return history.count(OperationState.FAILED);
  }

  /** Creation time of the oldest operation not yet finished. */
  public synchronized Optional<Instant> oldestPending() {
    return active.values().stream().map(Operation::createdAt).min(Comparator.naturalOrder());
  }

  /** Forgets finished operations beyond the history limits (called periodically). */
  public synchronized void pruneHistory() {
    history.prune(clock.instant());
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

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
