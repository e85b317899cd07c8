// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.SOARecord;

/**
 * The queue's bookkeeping: the lane of every zone with work, every unfinished operation by id, the
 * history of finished ones, and the id sequence. It decides what runs next in each lane (and hands
 * that to a {@link Dispatcher}); finishing an operation records it in the store and updates the
 * zone catalog. No threads here; not thread-safe: the queue guards it with its lock.
 */
final class OperationBook {
  /** Starts an operation, at {@code at} at the earliest, once it is durable. */
  @FunctionalInterface
  interface Dispatcher {
    void dispatch(ZoneKey key, Lane lane, Operation op, Instant at);
  }

  private final QueueSettings settings;
  private final OperationStore store;
  private final ZoneCatalog catalog;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final Map<ZoneKey, Lane> lanes = new HashMap<>();
  private final Map<Long, Operation> active = new HashMap<>();
  private final OperationHistory history;
  private long lastId;

  /** An operation that reached its final state; its requests are told outside the lock. */
  record Done(Operation op, OperationFailedException failure) {
    void complete() {
      op.complete(failure);
    }
  }

  OperationBook(
      QueueSettings settings,
      OperationStore store,
      ZoneCatalog catalog,
      Clock clock,
      Dispatcher dispatcher) {
    this.settings = settings;
    this.store = store;
    this.catalog = catalog;
    this.clock = clock;
    this.dispatcher = dispatcher;
    this.history = new OperationHistory(settings.history());
  }

  /** Takes in what the journal held; see {@link ZoneOperationQueue#restore}. */
  List<Done> restore(Collection<OperationView> operations, long lastUsedId) {
    List<Done> done = new ArrayList<>();
    seenId(lastUsedId);
    Instant now = clock.instant();
    for (OperationView v :
        operations.stream().sorted(Comparator.comparingLong(OperationView::id)).toList()) {
      seenId(v.id());
      Operation op = Operation.restored(v, now);
      if (op.state().isFinal()) {
        remember(op);
      } else if (v.state() == OperationState.RUNNING
          && v.attempts() >= settings.retry().maxAttempts()) {
        // Interrupted by a stop during its last allowed attempt, possibly every time.
        activate(op);
        String why = "gave up: the agent stopped during attempt " + v.attempts();
        done.add(finish(op, OperationState.FAILED, why, null));
      } else {
        activate(op);
        lane(op.key()).waiting.add(op);
      }
    }
    new ArrayList<>(lanes.entrySet()).forEach(e -> startNext(e.getKey(), e.getValue()));
    return done;
  }

  /** A new operation, or the queued one it repeats; see {@link ZoneOperationQueue#submit}. */
  Operation submit(OperationKind kind, ZoneKey key, Optional<SOARecord> hint, List<Done> done)
      throws QueueFullException {
    Lane lane = lane(key);
    Operation joined = lane.joinable(kind);
    if (joined != null) {
      // Each joined CREATE/DELETE waits for the outcome: a flood of repeats must stay bounded.
      if (kind != OperationKind.UPDATE && joined.view().requests() >= MAX_JOINED) {
        throw new QueueFullException(MAX_JOINED + " requests already wait for " + joined);
      }
      joined.join(hint);
      return joined;
    }
    if (depth() >= settings.maxPending()) {
      if (lane.idle()) {
        removeLane(key);
      }
      throw new QueueFullException(depth() + " operations queued (max_pending_operations)");
    }
    Instant now = clock.instant();
    long id = nextId();
    if (kind == OperationKind.DELETE) {
      supersede(lane, id, done);
    }
    Instant notBefore = kind == OperationKind.UPDATE ? now.plus(settings.notifyDelay()) : now;
    Operation op = new Operation(id, kind, key, now, notBefore, new CompletableFuture<>());
    op.setHint(hint);
    Durability.link(store.save(op.view()), op.accepted());
    lane.waiting.add(op);
    activate(op);
    startNext(key, lane);
    return op;
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
      done.add(
          current.kind() == OperationKind.UPDATE
              ? finish(current, OperationState.SUCCEEDED, why, null)
              : finish(current, OperationState.FAILED, "cancelled: " + why, null));
    }
  }

  /** Starts the lane's next operation if none is current; drops the lane when it is empty. */
  void startNext(ZoneKey key, Lane lane) {
    if (lane.running != null) {
      return;
    }
    Operation next = lane.waiting.poll();
    if (next == null) {
      removeLane(key);
      return;
    }
    lane.running = next;
    lane.executing = false;
    dispatcher.dispatch(key, lane, next, next.notBefore());
  }

  /**
   * Puts a failed operation back at the end of its lane, with a fresh count of attempts.
   *
   * @return the record that makes it durable
   */
  CompletableFuture<Void> requeue(long id) throws QueueFullException {
    Operation op = finished(id);
    if (op == null || op.state() != OperationState.FAILED) {
      throw new IllegalArgumentException(
          "operation " + id + (find(id).isPresent() ? " has not failed" : UNKNOWN));
    }
    if (depth() >= settings.maxPending()) {
      throw new QueueFullException(depth() + " operations queued");
    }
    op.requeue(clock.instant(), "queued again by an operator");
    activate(op);
    Lane lane = lane(op.key());
    lane.waiting.add(op);
    CompletableFuture<Void> durable = store.save(op.view());
    startNext(op.key(), lane);
    return durable;
  }

  /** Ends a queued operation as failed, unless it is executing right now. */
  Done failByOperator(long id, String reason) {
    Operation op = active(id);
    if (op == null) {
      throw new IllegalArgumentException(
          "operation " + id + (find(id).isPresent() ? " has finished already" : UNKNOWN));
    }
    Lane lane = existingLane(op.key());
    if (lane.running == op && lane.executing) {
      throw new IllegalArgumentException(
          "operation " + id + " is executing right now; try again when the attempt ends");
    }
    if (lane.running == op) {
      lane.running = null;
    } else {
      lane.waiting.remove(op);
    }
    String text = "failed by an operator" + (reason.isBlank() ? "" : ": " + reason);
    Done done = finish(op, OperationState.FAILED, text, null);
    startNext(op.key(), lane);
    return done;
  }

  private static final String UNKNOWN = " is unknown (or its history was dropped)";
  private static final int MAX_JOINED = 1000;

  Lane lane(ZoneKey key) {
    return lanes.computeIfAbsent(key, k -> new Lane());
  }

  Lane existingLane(ZoneKey key) {
    return lanes.get(key);
  }

  void removeLane(ZoneKey key) {
    lanes.remove(key);
  }

  long nextId() {
    return ++lastId;
  }

  void seenId(long id) {
    lastId = Math.max(lastId, id);
  }

  boolean inCatalog(ZoneKey key) {
    return catalog.contains(key);
  }

  /** True if a CREATE for the zone is queued or running. */
  boolean hasCreate(ZoneKey key) {
    Lane lane = lanes.get(key);
    if (lane == null) {
      return false;
    }
    if (lane.running != null && lane.running.kind() == OperationKind.CREATE) {
      return true;
    }
    return lane.waiting.stream().anyMatch(o -> o.kind() == OperationKind.CREATE);
  }

  void activate(Operation op) {
    history.remove(op.id());
    active.put(op.id(), op);
  }

  Operation active(long id) {
    return active.get(id);
  }

  Operation finished(long id) {
    return history.get(id);
  }

  void remember(Operation op) {
    history.add(op, clock.instant());
  }

  int depth() {
    return active.size();
  }

  /** Records the final state: catalog, store, history. The caller unlinks it from its lane. */
  Done finish(Operation op, OperationState outcome, String text, OperationFailedException error) {
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
    if (outcome == OperationState.FAILED && error == null) {
      error = new OperationFailedException(text, false);
    }
    return new Done(op, error);
  }

  Optional<Operation> find(long id) {
    Operation op = active.get(id);
    return Optional.ofNullable(op != null ? op : history.get(id));
  }

  /** Unfinished operations, then the history. */
  List<Operation> all() {
    List<Operation> all = new ArrayList<>(active.values());
    all.addAll(history.all());
    return all;
  }

  long failedCount() {
    return history.count(OperationState.FAILED);
  }

  Optional<Instant> oldestPending() {
    return active.values().stream().map(Operation::createdAt).min(Comparator.naturalOrder());
  }

  void pruneHistory() {
    history.prune(clock.instant());
  }
}
