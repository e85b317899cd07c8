// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

class OperationJournalTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final HistoryLimits KEEP_ALL = new HistoryLimits(Duration.ofDays(365), 1000);

  @TempDir Path dir;

  private static ZoneKey key(String zone) {
    return new ZoneKey("default", Name.fromConstantString(zone));
  }

  static OperationView op(long id, String zone, OperationState state, String detail) {
    return new OperationView(
        id,
        OperationKind.CREATE,
        key(zone),
        state,
        T0,
        T0.plusSeconds(id),
        T0,
        state == OperationState.PENDING ? 0 : 1,
        1,
        detail);
  }

  private OperationJournal open(long maxSize, HistoryLimits limits) throws IOException {
    return OperationJournal.open(
        dir, maxSize, limits, Clock.fixed(T0.plusSeconds(3600), Clock.systemUTC().getZone()));
  }

  @Test
  void recordsSurviveAReopenInOrder() throws Exception {
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      assertTrue(j.contents().operations().isEmpty());
      j.save(op(1, "a.test.", OperationState.PENDING, "")).get();
      j.save(op(1, "a.test.", OperationState.SUCCEEDED, "created at serial 5 (3 records)"));
      j.saveCatalog(key("a.test."), true);
      j.save(op(2, "b.test.", OperationState.PENDING, "odd %20 text\nwith\tcontrols ü")).get();
    }
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      JournalContents c = j.contents();
      assertEquals(
          List.of(
              op(1, "a.test.", OperationState.SUCCEEDED, "created at serial 5 (3 records)"),
              op(2, "b.test.", OperationState.PENDING, "odd %20 text\nwith\tcontrols ü")),
          c.operations());
      assertEquals(Set.of(key("a.test.")), c.catalog());
      assertEquals(2, c.lastId());
    }
  }

  @Test
  void aTornLastLineAndADamagedLineAreSkipped() throws Exception {
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      j.save(op(1, "a.test.", OperationState.PENDING, "")).get();
      j.save(op(2, "b.test.", OperationState.PENDING, "")).get();
      j.save(op(3, "c.test.", OperationState.PENDING, "")).get();
    }
    Path log = dir.resolve(OperationJournal.LOG);
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    // Damage the record of #2 (one flipped character) and cut the record of #3 short.
    String damaged = lines.get(2).replace("b.test.", "x.test.");
    String torn = lines.get(3).substring(0, 30);
    Files.writeString(
        log,
        lines.get(0) + "\n" + lines.get(1) + "\n" + damaged + "\n" + torn,
        StandardCharsets.UTF_8);
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      assertEquals(
          List.of(op(1, "a.test.", OperationState.PENDING, "")), j.contents().operations());
      assertEquals(1, j.stats().corruptRecordsSkipped());
      // The reopened journal starts from a clean file, so new records are readable again.
      j.save(op(4, "d.test.", OperationState.PENDING, "")).get();
    }
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      assertEquals(2, j.contents().operations().size());
      assertEquals(0, j.stats().corruptRecordsSkipped());
    }
  }

  @Test
  void compactionKeepsPendingWorkAndTheCatalogAndForgetsOldHistory() throws Exception {
    HistoryLimits limits = new HistoryLimits(Duration.ofHours(24), 5);
    try (OperationJournal j = open(4096, limits)) {
      for (int i = 1; i <= 300; i++) {
        String zone = "z" + i + ".test.";
        j.save(op(i, zone, OperationState.PENDING, ""));
        if (i % 3 != 0) {
          j.saveCatalog(key(zone), true);
          j.save(op(i, zone, OperationState.SUCCEEDED, "created")).get();
        }
      }
      j.save(op(301, "last.test.", OperationState.PENDING, "")).get();
      assertTrue(j.stats().compactions() > 1, "compacted while writing: " + j.stats());
      assertTrue(j.stats().sizeBytes() < 4 * 4096 + 120 * 200, "stays small: " + j.stats());
    }
    try (OperationJournal j = open(4096, limits)) {
      JournalContents c = j.contents();
      long pending = c.operations().stream().filter(v -> !v.state().isFinal()).count();
      long finished = c.operations().size() - pending;
      assertEquals(101, pending, "every third operation and the last are still pending");
      assertEquals(5, finished, "history cut to operation_history_max_count");
      assertEquals(200, c.catalog().size());
      assertEquals(301, c.lastId());
      assertTrue(Files.notExists(dir.resolve(OperationJournal.COMPACTING)));
    }
  }

  @Test
  void historyOlderThanTheMaxAgeIsForgotten() throws Exception {
    try (OperationJournal j = open(1 << 20, new HistoryLimits(Duration.ofHours(24), 100))) {
      OperationView old = op(1, "old.test.", OperationState.FAILED, "long ago");
      j.save(old).get();
    }
    // The clock says an hour after the failure: kept for a day, forgotten after half an hour.
    try (OperationJournal j = open(1 << 20, new HistoryLimits(Duration.ofHours(24), 100))) {
      assertEquals(1, j.contents().operations().size());
    }
    try (OperationJournal j = open(1 << 20, new HistoryLimits(Duration.ofMinutes(30), 100))) {
      assertTrue(j.contents().operations().isEmpty());
    }
  }

  @Test
  void concurrentSavesShareFsyncsAndAllBecomeDurable() throws Exception {
    int threads = 8;
    int each = 500;
    long batches;
    try (OperationJournal j = open(64L << 20, KEEP_ALL)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int base = t * each;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 1; i <= each; i++) {
                      CompletableFuture<Void> f =
                          j.save(
                              op(
                                  base + i,
                                  "c" + (base + i) + ".test.",
                                  OperationState.PENDING,
                                  ""));
                      f.get(10, TimeUnit.SECONDS);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      batches = j.stats().batches();
      assertEquals(threads * each, j.stats().recordsWritten());
    }
    assertTrue(batches < threads * each, "group commit: " + batches + " fsyncs");
    try (OperationJournal j = open(64L << 20, KEEP_ALL)) {
      assertEquals(threads * each, j.contents().operations().size());
    }
  }

  @Test
  void aSecondAgentCannotOpenTheSameJournal() throws Exception {
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      j.save(op(1, "a.test.", OperationState.PENDING, "")).get();
      IOException e = assertThrows(IOException.class, () -> open(1 << 20, KEEP_ALL));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    open(1 << 20, KEEP_ALL).close(); // released on close
  }

  @Test
  void anInterruptedCompactionIsIgnored() throws Exception {
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      j.save(op(1, "a.test.", OperationState.PENDING, "")).get();
    }
    Files.writeString(
        dir.resolve(OperationJournal.COMPACTING), "half a snapshot", StandardOpenOption.CREATE);
    try (OperationJournal j = open(1 << 20, KEEP_ALL)) {
      assertEquals(1, j.contents().operations().size());
    }
  }
}
