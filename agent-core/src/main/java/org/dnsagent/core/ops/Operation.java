// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.SOARecord;

/**
 * One accepted request for a zone, possibly joined by repeats of it. Its {@link #completion()}
 * completes with a description when it succeeded and exceptionally with an {@link
 * OperationFailedException} when it failed.
 */
public final class Operation {
  private final long id;
  private final OperationKind kind;
  private final ZoneKey key;
  private final Instant createdAt;
  private final CompletableFuture<String> completion = new CompletableFuture<>();

  private OperationState state = OperationState.PENDING;
  private Instant notBefore;
  private Instant updatedAt;
  private int attempts;
  private int requests = 1;
  private String detail = "";
  private SOARecord hint;

  Operation(long id, OperationKind kind, ZoneKey key, Instant now, Instant notBefore) {
    this.id = id;
    this.kind = requireNonNull(kind, "kind is null");
    this.key = requireNonNull(key, "key is null");
    this.createdAt = now;
    this.updatedAt = now;
    this.notBefore = notBefore;
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

  public CompletableFuture<String> completion() {
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

  synchronized void markPendingAgain(Instant now, Instant next, String reason) {
    state = OperationState.PENDING;
    notBefore = next;
    updatedAt = now;
    detail = reason;
  }

  void succeed(Instant now, String result) {
    synchronized (this) {
      state = OperationState.SUCCEEDED;
      updatedAt = now;
      detail = result;
    }
    completion.complete(result);
  }

  void fail(Instant now, OperationFailedException error) {
    synchronized (this) {
      state = OperationState.FAILED;
      updatedAt = now;
      detail = error.getMessage();
    }
    completion.completeExceptionally(error);
  }

  /** An immutable snapshot for listing. */
  public synchronized OperationView view() {
    return new OperationView(
        id, kind, key, state, createdAt, updatedAt, notBefore, attempts, requests, detail);
  }

  @Override
  public String toString() {
    return "#" + id + " " + kind + " " + key;
  }
}
