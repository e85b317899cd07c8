// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for directory fsyncs. A thread that renamed a file into a directory needs one fsync
 * of the directory that starts after its rename; when many threads write zone files into one
 * directory at once, one fsync serves all of them: the first to arrive syncs, those arriving
 * meanwhile wait for the next sync, which one of them starts and which covers them all.
 */
final class DirectorySync {
  private static final ConcurrentMap<Path, DirectorySync> DIRECTORIES = new ConcurrentHashMap<>();

  private final Path directory;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition synced = lock.newCondition();
  private long requested; // guarded by lock
  private long completed; // guarded by lock
  private boolean running; // guarded by lock
  private long fsyncs; // guarded by lock

  private DirectorySync(Path directory) {
    this.directory = directory;
  }

  /** The one instance for a directory (absolute and normalised); there are few directories. */
  static DirectorySync of(Path directory) {
    return DIRECTORIES.computeIfAbsent(directory, DirectorySync::new);
  }

  /** Returns once an fsync of the directory that started after this call began has ended. */
  void sync() {
    lock.lock();
    try {
      long ticket = ++requested;
      while (completed < ticket) {
        if (running) {
          synced.awaitUninterruptibly();
          continue;
        }
        running = true;
        long covers = requested;
        boolean done = false;
        lock.unlock();
        try {
          done = fsync();
        } finally {
          lock.lock();
          running = false;
          fsyncs++;
          if (done) {
            completed = Math.max(completed, covers);
          }
          synced.signalAll();
        }
        if (!done) {
          return; // this thread was interrupted: the others go on without it
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many fsyncs were started, for tests. */
  long fsyncs() {
    lock.lock();
    try {
      return fsyncs;
    } finally {
      lock.unlock();
    }
  }

  /** One fsync; false only if this thread's interrupt stopped it, so another must sync again. */
  private boolean fsync() {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
      return true;
    } catch (ClosedByInterruptException e) {
      return false;
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot open directories; the rename is still atomic there.
      return true;
    }
  }
}
