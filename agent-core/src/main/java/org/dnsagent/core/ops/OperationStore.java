// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.util.concurrent.CompletableFuture;

/**
 * Where the queue records what it accepts and does, so that a restarted agent can resume. Calls
 * come in the order of the events they describe; each returned future completes once that record
 * (and every one before it) is durable.
 */
public interface OperationStore {

  /** Records the operation's current state (new, running, waiting to retry, finished). */
  CompletableFuture<Void> save(OperationView operation);

  /** Records that the agent now serves ({@code present}) or no longer serves a zone. */
  CompletableFuture<Void> saveCatalog(ZoneKey zone, boolean present);

  /** Keeps nothing: for tests and tools that need no durability. */
  OperationStore NONE =
      new OperationStore() {
        @Override
        public CompletableFuture<Void> save(OperationView operation) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> saveCatalog(ZoneKey zone, boolean present) {
          return CompletableFuture.completedFuture(null);
        }
      };
}
