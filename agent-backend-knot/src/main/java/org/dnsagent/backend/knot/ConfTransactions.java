// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CallBatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to knotd's configuration database, in transactions: {@code conf-begin}, the changes,
 * {@code conf-commit}. knotd allows one transaction at a time, so every change goes through one
 * {@link CallBatcher}: changes queued while a transaction runs go together in the next one.
 *
 * <p>knotd commits whatever items succeeded even when others failed, so a failed change aborts the
 * transaction ({@code conf-abort}) and the others are done again without it: the transaction that
 * commits holds only changes that all succeeded. Each change is one {@code conf-set} or {@code
 * conf-unset} request, which knotd applies all or nothing (a child transaction): a zone is never
 * half configured.
 */
final class ConfTransactions {
  private static final Logger log = LoggerFactory.getLogger(ConfTransactions.class);

  /** Most changes in one transaction. */
  static final int MAX_BATCH = 1000;

  /** One change: a {@code conf-set} or {@code conf-unset} request. */
  record Change(String what, CtlRequest request, boolean absentIsFine) {
    Change {
      requireNonNull(what, "what is null");
      requireNonNull(request, "request is null");
    }

    /** Sets items (for example a zone and its file). */
    static Change set(String what, List<CtlUnit> items) {
      return new Change(what, CtlRequest.conf("conf-set", items), false);
    }

    /** Removes a section entry (for example {@code zone[example.org.]}); absent is success. */
    static Change unset(String what, CtlUnit key) {
      return new Change(what, CtlRequest.conf("conf-unset", List.of(key)), true);
    }
  }

  private final KnotControl control;
  private final CallBatcher<Change> batcher;
  private volatile int lastBatchSize;
  private final java.util.concurrent.atomic.AtomicInteger transactionsRun =
      new java.util.concurrent.atomic.AtomicInteger();

  ConfTransactions(KnotControl control) {
    this.control = requireNonNull(control, "control is null");
    this.batcher = new CallBatcher<>(this::apply, MAX_BATCH);
  }

  /** Applies the change in a committed transaction, with whatever else is queued. */
  void submit(Change change) throws BackendException {
    batcher.submit(change);
  }

  /** Size of the last transaction, for tests and logs. */
  int lastBatchSize() {
    return lastBatchSize;
  }

  /** Transactions begun so far (committed or not), for tests and logs. */
  int transactionsRun() {
    return transactionsRun.get();
  }

  /** Aborts a transaction a crashed agent (or anyone) left open. */
  void abortLeftover() throws BackendException {
    CtlReply abort = control.call(CtlRequest.of("conf-abort"));
    if (!abort.ok()) {
      log.debug("conf-abort at start-up: {}", abort.firstError().orElse(""));
    }
  }

  List<BackendException> apply(List<Change> changes) throws BackendException {
    lastBatchSize = changes.size();
    BackendException[] outcomes = new BackendException[changes.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      pending.add(i);
    }
    // Each round either commits or drops at least one failed change: bounded by the batch size.
    for (int round = 0; round <= changes.size() && !pending.isEmpty(); round++) {
      begin();
      List<Integer> failed = new ArrayList<>();
      try {
        for (int i : pending) {
          Change change = changes.get(i);
          CtlReply reply = control.call(change.request());
          if (!reply.ok() && !(change.absentIsFine() && reply.notFound())) {
            failed.add(i);
            outcomes[i] = rejected(change, reply);
          }
        }
      } catch (BackendException e) {
        abortQuietly();
        throw e;
      }
      if (!failed.isEmpty()) {
        abort();
        pending.removeAll(failed);
        continue;
      }
      CtlReply commit;
      try {
        commit = control.call(CtlRequest.of("conf-commit"));
      } catch (BackendException e) {
        abortQuietly();
        throw e;
      }
      if (commit.ok()) {
        return Arrays.asList(outcomes);
      }
      abort(); // knotd keeps the transaction open after a failed check
      if (pending.size() == 1) {
        outcomes[pending.get(0)] = rejected(changes.get(pending.get(0)), commit);
        return Arrays.asList(outcomes);
      }
      log.info(
          "conf-commit of {} changes failed {}; committing them one by one",
          pending.size(),
          commit.firstError().orElse(""));
      for (int i : pending) {
        List<BackendException> alone = apply(List.of(changes.get(i)));
        outcomes[i] = alone.get(0);
      }
      return Arrays.asList(outcomes);
    }
    return Arrays.asList(outcomes);
  }

  private void begin() throws BackendException {
    transactionsRun.incrementAndGet();
    CtlReply begin = control.call(CtlRequest.of("conf-begin"));
    if (!begin.ok()) {
      String error = begin.firstError().orElse("");
      throw new BackendException(
          Kind.UNAVAILABLE,
          "knotd conf-begin failed "
              + error
              + (error.contains("too many transactions")
                  ? ": another configuration transaction is open (knotc conf-begin?)"
                  : ""));
    }
  }

  private void abort() throws BackendException {
    CtlReply abort = control.call(CtlRequest.of("conf-abort"));
    if (!abort.ok()) {
      throw new BackendException(
          Kind.UNAVAILABLE, "knotd conf-abort failed " + abort.firstError().orElse(""));
    }
  }

  private void abortQuietly() {
    try {
      control.call(CtlRequest.of("conf-abort"));
    } catch (BackendException e) {
      log.warn("conf-abort after a failed transaction: {}", e.getMessage());
    }
  }

  private static BackendException rejected(Change change, CtlReply reply) {
    return new BackendException(
        Kind.REJECTED,
        "knotd refused "
            + change.request().command()
            + " for "
            + change.what()
            + ": "
            + reply.firstError().orElse("(no detail)"));
  }
}
