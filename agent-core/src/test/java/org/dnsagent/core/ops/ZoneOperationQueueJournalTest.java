// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.config.RetrySettings;
import org.dnsagent.core.journal.JournalContents;
import org.dnsagent.core.journal.OperationJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The queue and its store: nothing is accepted or run before it is recorded. */
class ZoneOperationQueueJournalTest {
  private static final ZoneKey ZONE = new ZoneKey("default", Name.fromConstantString("j.test."));

  @TempDir Path dir;
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private ZoneOperationQueue queue(OperationStore store, ZoneCatalog catalog, OperationRunner r) {
    return new ZoneOperationQueue(
        r,
        new QueueSettings(
            2,
            100,
            Duration.ZERO,
            new RetrySettings(5, Duration.ofSeconds(60), Duration.ofSeconds(60)),
            HistoryLimits.defaults()),
        store,
        catalog,
        Clock.systemUTC());
  }

  private OperationRunner recording() {
    return op -> {
      ran.add(op.kind() + " " + op.key());
      return "done";
    };
  }

  /** Holds every save until the test releases it, as a slow disk would. */
  private static final class SlowStore implements OperationStore {
    final CompletableFuture<Void> disk = new CompletableFuture<>();

    @Override
    public CompletableFuture<Void> save(OperationView operation) {
      return disk.thenApply(v -> v);
    }

    @Override
    public CompletableFuture<Void> saveCatalog(ZoneKey zone, boolean present) {
      return disk.thenApply(v -> v);
    }
  }

  @Test
  void submitReturnsAndTheOperationRunsOnlyOnceItIsRecorded() throws Exception {
    SlowStore store = new SlowStore();
    try (ZoneOperationQueue q = queue(store, new ZoneCatalog(), recording())) {
      CompletableFuture<Operation> submitted =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return q.submit(OperationKind.CREATE, ZONE, Optional.empty());
                } catch (OperationRejectedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(200);
      assertFalse(submitted.isDone(), "not acknowledged before it is durable");
      assertTrue(ran.isEmpty(), "not acted on before it is durable");
      store.disk.complete(null);
      Operation op = submitted.get(5, TimeUnit.SECONDS);
      assertEquals("done", op.completion().get(5, TimeUnit.SECONDS));
      assertEquals(List.of("CREATE j.test."), ran);
    }
  }

  @Test
  void anOperationTheStoreCannotRecordIsRefusedAndNeverRuns() throws Exception {
    SlowStore store = new SlowStore();
    store.disk.completeExceptionally(new IOException("disk full"));
    try (ZoneOperationQueue q = queue(store, new ZoneCatalog(), recording())) {
      OperationRejectedException e =
          assertThrows(
              OperationRejectedException.class,
              () -> q.submit(OperationKind.CREATE, ZONE, Optional.empty()));
      assertTrue(e.getMessage().contains("disk full"), e.getMessage());
      awaitIdle(q);
      assertTrue(ran.isEmpty());
      assertEquals("not recorded in the journal", q.list().get(0).detail());
    }
  }

  @Test
  void anOperationInterruptedByAStopResumesFromTheJournal() throws Exception {
    AtomicBoolean serverDown = new AtomicBoolean(true);
    OperationRunner runner =
        op -> {
          ran.add(op.kind() + " " + op.key());
          if (serverDown.get()) {
            throw new OperationFailedException("server down", true);
          }
          return "created";
        };
    try (OperationJournal journal = open();
        ZoneOperationQueue q = queue(journal, new ZoneCatalog(), runner)) {
      Operation op = q.submit(OperationKind.CREATE, ZONE, Optional.empty());
      while (op.attempts() < 1 || op.state() != OperationState.PENDING) {
        Thread.sleep(5); // first attempt failed; backing off for a minute
      }
    }
    serverDown.set(false);
    try (OperationJournal journal = open()) {
      JournalContents replayed = journal.contents();
      assertEquals(OperationState.PENDING, replayed.operations().get(0).state());
      ZoneCatalog catalog = new ZoneCatalog(replayed.catalog());
      try (ZoneOperationQueue q = queue(journal, catalog, runner)) {
        q.restore(replayed.operations(), replayed.lastId());
        awaitIdle(q);
        OperationView done = q.find(1).orElseThrow();
        assertEquals(OperationState.SUCCEEDED, done.state(), done.toString());
        assertEquals(2, done.attempts());
        assertTrue(catalog.contains(ZONE));
      }
    }
    try (OperationJournal journal = open()) {
      assertEquals(java.util.Set.of(ZONE), journal.contents().catalog());
      assertEquals(OperationState.SUCCEEDED, journal.contents().operations().get(0).state());
    }
  }

  private OperationJournal open() throws IOException {
    return OperationJournal.open(dir, 1 << 20, HistoryLimits.defaults(), Clock.systemUTC());
  }

  private static void awaitIdle(ZoneOperationQueue q) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (q.depth() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, q.depth());
  }
}
