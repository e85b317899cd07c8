// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.spi.BackendException;
import org.xbill.DNS.SOARecord;

/**
 * What each target's backend serves, as far as the agent knows without asking it now: the SOA of
 * every zone recently created, updated, checked or found absent. The zone workers keep it after
 * every operation and reconciliation keeps it after every sweep; request handling reads it and
 * never calls a backend on its own threads: a zone not known here is looked up on a small pool of
 * its own ({@link #lookup}), so a slow backend (a WinRM call takes seconds) delays only the replies
 * about that zone. Thread-safe.
 */
public final class ServedZones implements AutoCloseable {
  /** Lookups waiting for a thread beyond this many are refused (SERVFAIL; the sender repeats). */
  private static final int MAX_QUEUED_LOOKUPS = 1024;

  private static final int LOOKUP_THREADS = 4;

  private final TargetSelector targets;
  // Optional.empty(): the backend does not serve the zone; no entry: not known.
  private final ConcurrentHashMap<ZoneKey, Optional<SOARecord>> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ZoneKey, CompletableFuture<Optional<SOARecord>>> pending =
      new ConcurrentHashMap<>();
  private final ExecutorService lookups;

  public ServedZones(TargetSelector targets) {
    this.targets = targets;
    AtomicInteger n = new AtomicInteger();
    this.lookups =
        new ThreadPoolExecutor(
            LOOKUP_THREADS,
            LOOKUP_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED_LOOKUPS),
            r -> {
              Thread t = new Thread(r, "served-zone-lookup-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ((ThreadPoolExecutor) lookups).allowCoreThreadTimeOut(true);
  }

  /**
   * What is known of the zone: {@code Optional.of(Optional.of(soa))} served, {@code
   * Optional.of(Optional.empty())} not served, empty when unknown.
   */
  public Optional<Optional<SOARecord>> cached(ZoneKey key) {
    return Optional.ofNullable(known.get(key));
  }

  /**
   * The SOA the backend serves for the zone: from what is known, else asked of the backend on the
   * lookup pool (never on the caller's thread); concurrent lookups of one zone share one call.
   * Completes exceptionally with a {@link BackendException} if the backend could not tell.
   */
  public CompletableFuture<Optional<SOARecord>> lookup(ZoneKey key) {
    Optional<SOARecord> now = known.get(key);
    if (now != null) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Optional<SOARecord>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<SOARecord>> running = pending.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    try {
      lookups.execute(() -> ask(key, mine));
    } catch (RejectedExecutionException e) {
      pending.remove(key, mine);
      mine.completeExceptionally(
          new BackendException(
              BackendException.Kind.UNAVAILABLE, "too many backend lookups waiting"));
    }
    return mine;
  }

  private void ask(ZoneKey key, CompletableFuture<Optional<SOARecord>> result) {
    try {
      Target target =
          targets
              .byName(key.target())
              .orElseThrow(() -> new IllegalStateException("unknown target " + key.target()));
      Optional<SOARecord> soa = target.backend().findSoa(key.zone());
      // A worker's newer knowledge wins over this answer, which may have been asked before it.
      known.putIfAbsent(key, soa);
      result.complete(soa);
    } catch (BackendException | RuntimeException e) {
      result.completeExceptionally(e);
    } finally {
      pending.remove(key, result);
    }
  }

  /** The backend serves the zone with this SOA (a worker just made it so, or saw it). */
  void served(ZoneKey key, SOARecord soa) {
    known.put(key, Optional.of(soa));
  }

  /** The backend does not serve the zone. */
  void absent(ZoneKey key) {
    known.put(key, Optional.empty());
  }

  /** What the backend serves is not known (an operation failed, a secondary is transferring). */
  void forget(ZoneKey key) {
    known.remove(key);
  }

  /**
   * The backend serves the zone at {@code serial} (from an inventory, which gives serials only): a
   * known SOA with another serial, or a zone thought absent, is forgotten.
   */
  void servedSerial(ZoneKey key, long serial) {
    known.computeIfPresent(
        key, (k, soa) -> soa.isPresent() && soa.get().getSerial() == serial ? soa : null);
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
