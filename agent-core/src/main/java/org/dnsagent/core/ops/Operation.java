// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.SOARecord;

/**
 * One accepted request for a zone, possibly joined by repeats of it. {@link #accepted()} completes
 * once the operation is in the journal; {@link #completion()} completes with a description when it
 * succeeded and exceptionally with an {@link OperationFailedException} when it failed.
 */
public final class Operation {
  private final long id;
  private final OperationKind kind;
  private final ZoneKey key;
  private final Instant createdAt;
  private final CompletableFuture<Void> accepted;

  private CompletableFuture<String> completion = new CompletableFuture<>();
  private OperationState state = OperationState.PENDING;
  private Instant notBefore;
  private Instant updatedAt;
  private int attempts;
  private int requests = 1;
  private String detail = "";
  private SOARecord hint;
  private String requestedBy; // guarded by the queue's lock while queued; read after

  Operation(
      long id,
      OperationKind kind,
      ZoneKey key,
      Instant now,
      Instant notBefore,
      CompletableFuture<Void> accepted) {
    this.id = id;
    this.kind = requireNonNull(kind, "kind is null");
    this.key = requireNonNull(key, "key is null");
    this.createdAt = now;
    this.updatedAt = now;
    this.notBefore = notBefore;
    this.accepted = requireNonNull(accepted, "accepted is null");
  }

  /**
   * An operation read back from the journal, already durable. One that was waiting runs again at
   * {@code resumeAt} at the latest: a restart is often what an operation was waiting for.
   */
  static Operation restored(OperationView v, Instant resumeAt) {
    Instant at = v.notBefore().isAfter(resumeAt) ? resumeAt : v.notBefore();
    Operation op =
        new Operation(
            v.id(), v.kind(), v.key(), v.createdAt(), at, CompletableFuture.completedFuture(null));
    op.state = v.state() == OperationState.RUNNING ? OperationState.PENDING : v.state();
    op.updatedAt = v.updatedAt();
    op.attempts = v.attempts();
    op.requests = v.requests();
    op.detail = v.detail();
    if (op.state.isFinal()) {
      op.completion = CompletableFuture.completedFuture(v.detail());
    }
    return op;
  }

  /**
   * Who asked for the operation (address and key of the first request, or "reconciliation"), for
   * the audit log; later requests joining it do not change it.
   */
  public synchronized Optional<String> requestedBy() {
    return Optional.ofNullable(requestedBy);
  }

  synchronized void requestedBy(String who) {
    if (requestedBy == null) {
      requestedBy = who;
    }
  }

  public long id() {
    return id;
  }

  public OperationKind kind() {
    return kind;
  }

  public ZoneKey key() {
    return key;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** Completes when the operation is durable in the journal; exceptionally if it could not be. */
  public CompletableFuture<Void> accepted() {
    return accepted;
  }

  /** The outcome of the current run (a retry by an operator starts a new one). */
  public synchronized CompletableFuture<String> completion() {
    return completion;
  }

  public synchronized OperationState state() {
    return state;
  }

  public synchronized int attempts() {
    return attempts;
  }

  /** The SOA a NOTIFY carried, if any (newest one when NOTIFYs were folded). */
  public synchronized Optional<SOARecord> hint() {
    return Optional.ofNullable(hint);
  }

  synchronized Instant notBefore() {
    return notBefore;
  }

  synchronized Instant updatedAt() {
    return updatedAt;
  }

  synchronized void join(Optional<SOARecord> newHint) {
    requests++;
    newHint.ifPresent(h -> hint = h);
  }

  synchronized void setHint(Optional<SOARecord> newHint) {
    newHint.ifPresent(h -> hint = h);
  }

  synchronized void markRunning(Instant now) {
    state = OperationState.RUNNING;
    attempts++;
    updatedAt = now;
  }

  synchronized void markRetrying(Instant now, Instant next, String reason) {
    state = OperationState.PENDING;
    notBefore = next;
    updatedAt = now;
    detail = reason;
  }

  /** Back to pending with a fresh count of attempts (an operator's {@code ops retry}). */
  synchronized void requeue(Instant now, String reason) {
    state = OperationState.PENDING;
    attempts = 0;
    notBefore = now;
    updatedAt = now;
    detail = reason;
    completion = new CompletableFuture<>();
  }

  /** Records the final state; {@link #complete} then tells the waiting requests. */
  synchronized void finish(Instant now, OperationState outcome, String text) {
    state = outcome;
    updatedAt = now;
    detail = text;
  }

  /** Completes the current run's future from the final state; call outside the queue's lock. */
  void complete(OperationFailedException failure) {
    CompletableFuture<String> future;
    String text;
    synchronized (this) {
      future = completion;
      text = detail;
    }
    if (failure == null) {
      future.complete(text);
    } else {
      future.completeExceptionally(failure);
    }
  }

  /** An immutable snapshot, for listing and for the journal. */
  public synchronized OperationView view() {
    return new OperationView(
        id, kind, key, state, createdAt, updatedAt, notBefore, attempts, requests, detail);
  }

  @Override
  public String toString() {
    return "#" + id + " " + kind + " " + key;
  }
}
