// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncTest {
  @TempDir Path dir;

  @Test
  void aLoneCallerSyncsEachTime() {
    DirectorySync sync = DirectorySync.of(dir);
    sync.sync();
    sync.sync();
    assertEquals(2, sync.fsyncs());
  }

  @Test
  void concurrentCallersShareFsyncsAndAllReturn() throws Exception {
    DirectorySync sync = DirectorySync.of(dir);
    int threads = 16;
    int rounds = 50;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    sync.sync();
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long fsyncs = sync.fsyncs();
    assertTrue(fsyncs >= rounds, "each thread's calls need their own later fsyncs: " + fsyncs);
    assertTrue(fsyncs <= threads * rounds, "never more than one per call: " + fsyncs);
  }

  @Test
  void anInterruptedCallerDoesNotCountAsSynced() {
    DirectorySync sync = DirectorySync.of(dir.resolve(".."));
    Thread.currentThread().interrupt();
    try {
      sync.sync(); // the channel closes itself on the interrupt: nothing counted as synced
    } finally {
      Thread.interrupted();
    }
    sync.sync(); // a later caller still gets a real fsync
    assertEquals(2, sync.fsyncs());
  }
}
