// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for backend calls. The agent calls a backend from many worker threads, one zone
 * each; for servers where one call for many zones costs about as much as one for a single zone (a
 * Knot confdb transaction, NSD's {@code addzones}, one PowerShell script), the calls made while a
 * batch runs wait and go together in the next one.
 *
 * <p>A thread that finds no batch running runs one itself with everything queued (up to {@code
 * maxBatch} items), so a lone call is never delayed; a thread whose item another thread ran returns
 * that item's outcome.
 *
 * @param <I> what one call asks for (for example a zone to add)
 */
public final class CallBatcher<I> {

  /** Runs one batch. */
  @FunctionalInterface
  public interface BatchCall<I> {
    /**
     * Runs all {@code items} in one go.
     *
     * @return one entry per item, in order: {@code null} where the item succeeded, else its error
     * @throws BackendException if the whole batch failed; every item then fails with it
     */
    List<BackendException> apply(List<I> items) throws BackendException;
  }

  private static final class Pending<I> {
    final I item;
    boolean done;
    BackendException error;

    Pending(I item) {
      this.item = item;
    }
  }

  private final BatchCall<I> call;
  private final int maxBatch;
  private final ArrayDeque<Pending<I>> queue = new ArrayDeque<>();
  private boolean running;

  public CallBatcher(BatchCall<I> call, int maxBatch) {
    this.call = requireNonNull(call, "call is null");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.maxBatch = maxBatch;
  }

  /**
   * Runs {@code item}, in a batch with whatever else is queued, and returns when it is done.
   *
   * @throws BackendException this item's error, or the whole batch's
   */
  public void submit(I item) throws BackendException {
    Pending<I> mine = new Pending<>(requireNonNull(item, "item is null"));
    synchronized (this) {
      queue.add(mine);
    }
    boolean interrupted = false;
    try {
      while (true) {
        List<Pending<I>> batch;
        synchronized (this) {
          while (!mine.done && running) {
            try {
              wait();
            } catch (InterruptedException e) {
              if (queue.remove(mine)) {
                Thread.currentThread().interrupt();
                throw new BackendException(
                    BackendException.Kind.UNAVAILABLE, "interrupted while waiting for the server");
              }
              interrupted = true; // already in a running batch: wait for its outcome
            }
          }
          if (mine.done) {
            if (mine.error != null) {
              throw new BackendException(mine.error.kind(), mine.error.getMessage(), mine.error);
            }
            return;
          }
          running = true;
          batch = new ArrayList<>();
          while (!queue.isEmpty() && batch.size() < maxBatch) {
            batch.add(queue.poll());
          }
        }
        runBatch(batch);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runBatch(List<Pending<I>> batch) {
    List<I> items = new ArrayList<>(batch.size());
    for (Pending<I> p : batch) {
      items.add(p.item);
    }
    List<BackendException> outcomes = null;
    BackendException all = null;
    try {
      outcomes = call.apply(items);
      if (outcomes == null || outcomes.size() != items.size()) {
        all =
            new BackendException(
                BackendException.Kind.INTERNAL,
                "batch returned "
                    + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")
                    + " for "
                    + items.size()
                    + " items");
      }
    } catch (BackendException e) {
      all = e;
    } catch (RuntimeException e) {
      all = new BackendException(BackendException.Kind.INTERNAL, String.valueOf(e), e);
    }
    synchronized (this) {
      for (int i = 0; i < batch.size(); i++) {
        Pending<I> p = batch.get(i);
        p.error = all != null ? all : outcomes.get(i);
        p.done = true;
      }
      running = false;
      notifyAll();
    }
  }
}
