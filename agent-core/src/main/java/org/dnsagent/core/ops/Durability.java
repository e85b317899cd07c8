// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers of the queue: waiting for the store, and naming threads. */
final class Durability {
  /** Longer than any fsync should take; a store this slow is treated as broken. */
  private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(30);

  private Durability() {}

  /** Completes {@code to} as {@code from} completes. */
  static void link(CompletableFuture<Void> from, CompletableFuture<Void> to) {
    from.whenComplete(
        (v, e) -> {
          if (e == null) {
            to.complete(null);
          } else {
            to.completeExceptionally(e);
          }
        });
  }

  /** Waits until a record is durable; a failure to record it rejects the request. */
  static void await(CompletableFuture<Void> durable) throws OperationRejectedException {
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

  static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
