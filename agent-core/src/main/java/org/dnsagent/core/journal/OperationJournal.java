// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import org.dnsagent.core.config.HistoryLimits;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationStore;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.spi.ZoneFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation journal: an append-only file of checksummed records ({@link JournalCodec}) under
 * {@code state_path/journal}. One writer thread takes every record waiting, writes them in one go
 * and fsyncs once (group commit), then completes their futures, so a record is durable before its
 * future completes and many concurrent requests share one fsync. Records nobody waits for ride
 * along with the next fsync, or get one within 20 ms. When the file outgrows {@code maxSize} it is
 * compacted: the folded state is written to a new file, fsynced and renamed over the old one. A
 * lock file keeps a second agent off the same state directory.
 */
public final class OperationJournal implements OperationStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperationJournal.class);
  static final String LOG = "ops.log";
  static final String COMPACTING = "ops.log.compact";
  private static final int MAX_BATCH = 8192;
  private static final Duration LAZY_SYNC = Duration.ofMillis(20);
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final Path directory;
  private final Path file;
  private final long maxSize;
  private final HistoryLimits limits;
  private final Clock clock;
  private final JournalState state;
  private final JournalContents contents;
  private final long corrupt;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition due = queueLock.newCondition();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by queueLock
  private boolean urgentPending; // guarded by queueLock
  private long lazyDeadline = NO_DEADLINE; // guarded by queueLock; System.nanoTime()
  private final List<Pending> unsynced = new ArrayList<>(); // writer thread only
  private final Thread writer;
  private FileChannel channel; // writer thread only, after open
  private long sizeAfterCompaction;
  private volatile long size;
  private volatile long records;
  private volatile long batches;
  private volatile long compactions;
  private volatile String lastError;
  private volatile DoubleConsumer fsyncObserver = seconds -> {};

  private record Pending(JournalRecord record, CompletableFuture<Void> done) {}

  private OperationJournal(
      Path directory,
      long maxSize,
      HistoryLimits limits,
      Clock clock,
      FileChannel lockChannel,
      FileLock lock)
      throws IOException {
    this.directory = directory;
    this.file = directory.resolve(LOG);
    this.maxSize = maxSize;
    this.limits = limits;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.state = new JournalState();
    Files.deleteIfExists(directory.resolve(COMPACTING)); // a compaction a crash interrupted
    this.corrupt = JournalReader.replay(file, state);
    compact(); // starts every run from a clean file, whatever the last one left behind
    this.contents = state.contents();
    this.writer = new Thread(this::writeLoop, "journal-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (or creates) the journal in {@code directory}, replays it and starts the writer.
   *
   * @throws IOException if the directory cannot be used or another agent holds it
   */
  public static OperationJournal open(
      Path directory, long maxSize, HistoryLimits limits, Clock clock) throws IOException {
    Files.createDirectories(directory);
    FileChannel lockChannel =
        FileChannel.open(
            directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException(directory + " is in use by another running agent");
    }
    try {
      return new OperationJournal(directory, maxSize, limits, clock, lockChannel, lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  /** What the journal held when it was opened. */
  public JournalContents contents() {
    return contents;
  }

  @Override
  public CompletableFuture<Void> save(OperationView operation) {
    return enqueue(new JournalRecord.Op(operation));
  }

  @Override
  public CompletableFuture<Void> saveCatalog(ZoneKey zone, boolean present) {
    return enqueue(new JournalRecord.Catalog(zone, present));
  }

  private CompletableFuture<Void> enqueue(JournalRecord record) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!writer.isAlive()) {
      done.completeExceptionally(new IOException("the journal is closed"));
      return done;
    }
    queue(new Pending(record, done)); // unbounded: callers may hold the queue's lock
    return done;
  }

  /**
   * Hands a record to the writer. Only a record someone waits for (or the stop marker) wakes it at
   * once; the others wake it only to start their {@link #LAZY_SYNC} clock, and otherwise wait for
   * the next write, so that an operation's several bookkeeping records cost no extra wake-up and no
   * extra write.
   */
  private void queue(Pending p) {
    queueLock.lock();
    try {
      pending.add(p);
      if (p.record() == null || urgent(p.record())) {
        urgentPending = true;
        due.signal();
      } else if (lazyDeadline == NO_DEADLINE) {
        lazyDeadline = System.nanoTime() + LAZY_SYNC.toNanos();
        due.signal();
      }
    } finally {
      queueLock.unlock();
    }
  }

  public JournalStats stats() {
    return new JournalStats(
        file, size, records, batches, compactions, corrupt, Optional.ofNullable(lastError));
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        nextBatch(batch);
      } catch (InterruptedException e) {
        break;
      }
      stop = batch.stream().anyMatch(p -> p.record() == null);
      write(batch, true);
      batch.clear();
    }
  }

  /**
   * Waits until a record someone waits for arrives, or the oldest of the others has waited {@link
   * #LAZY_SYNC}, then takes what is queued (at most {@link #MAX_BATCH} records).
   */
  private void nextBatch(List<Pending> batch) throws InterruptedException {
    queueLock.lock();
    try {
      while (!urgentPending) {
        long now = System.nanoTime();
        if (lazyDeadline == NO_DEADLINE) {
          due.await();
        } else if (now < lazyDeadline) {
          due.awaitNanos(lazyDeadline - now);
        } else {
          break;
        }
      }
      while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(pending.poll());
      }
      urgentPending = pending.stream().anyMatch(p -> p.record() == null || urgent(p.record()));
      lazyDeadline =
          pending.isEmpty() || urgentPending
              ? NO_DEADLINE
              : System.nanoTime() + LAZY_SYNC.toNanos();
    } finally {
      queueLock.unlock();
    }
  }

  /**
   * A record someone waits for: an operation being accepted (new, or queued again). Others (an
   * attempt started, an outcome) are synced with the next such record or within {@link #LAZY_SYNC}:
   * losing them in a crash only means an operation is run again, and operations are idempotent.
   */
  private static boolean urgent(JournalRecord record) {
    return record instanceof JournalRecord.Op op
        && op.operation().state() == OperationState.PENDING
        && op.operation().attempts() == 0;
  }

  private void write(List<Pending> batch, boolean sync) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 160);
    int count = 0;
    for (Pending p : batch) {
      if (p.record() != null) {
        bytes.writeBytes(JournalCodec.encode(p.record()));
        count++;
      }
    }
    if (count > 0) {
      long before = size;
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        size = channel.size();
        records += count;
      } catch (IOException e) {
        lastError = e.toString();
        log.error("journal write failed: {}", e.toString());
        truncate(before);
        batch.forEach(p -> p.done().completeExceptionally(e));
        batch.clear();
      }
    }
    for (Pending p : batch) {
      if (p.record() != null) {
        state.apply(p.record());
      }
    }
    unsynced.addAll(batch);
    if (sync && !unsynced.isEmpty()) {
      sync();
    }
  }

  /** One fsync for everything written since the last one: group commit. */
  private void sync() {
    IOException failure = null;
    try {
      long started = System.nanoTime();
      channel.force(false);
      fsyncObserver.accept((System.nanoTime() - started) / 1e9);
      batches++;
      lastError = null;
    } catch (IOException e) {
      failure = e;
      lastError = e.toString();
      log.error("journal sync failed: {}", e.toString());
    }
    for (Pending p : unsynced) {
      if (failure == null) {
        p.done().complete(null);
      } else {
        p.done().completeExceptionally(failure);
      }
    }
    unsynced.clear();
    if (failure == null && size > Math.max(maxSize, 2 * sizeAfterCompaction)) {
      try {
        compact();
      } catch (IOException e) {
        lastError = "compaction: " + e;
        log.error("journal compaction failed: {}", e.toString());
      }
    }
  }

  /** Cuts off a partly written batch, so that the next records do not follow a torn line. */
  private void truncate(long length) {
    try {
      channel.truncate(length);
    } catch (IOException e) {
      log.error("cannot truncate the journal after a failed write: {}", e.toString());
    }
  }

  /** Writes the folded state to a new file and renames it over the journal. */
  private void compact() throws IOException {
    Path temp = directory.resolve(COMPACTING);
    List<JournalRecord> snapshot = state.compact(limits, clock.instant());
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      for (JournalRecord r : snapshot) {
        bytes.writeBytes(JournalCodec.encode(r));
        if (bytes.size() > 1 << 20) {
          writeFully(out, bytes);
        }
      }
      writeFully(out, bytes);
      out.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    ZoneFiles.syncDirectory(directory);
    if (channel != null) {
      channel.close();
    }
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = channel.size();
    sizeAfterCompaction = size;
    compactions++;
    log.debug("journal compacted to {} records, {} bytes", snapshot.size(), size);
  }

  private static void writeFully(FileChannel out, ByteArrayOutputStream bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    bytes.reset();
  }

  /** Told the duration in seconds of every group-commit fsync (metrics). */
  public void observeFsync(DoubleConsumer observer) {
    this.fsyncObserver = observer;
  }

  /** Whether the journal takes records: its writer runs and its last write did not fail. */
  public boolean isHealthy() {
    return writer.isAlive() && lastError == null;
  }

  /** Writes what is waiting, stops the writer and releases the directory. */
  @Override
  public void close() {
    if (writer.isAlive()) {
      queue(new Pending(null, new CompletableFuture<>()));
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (channel != null) {
        channel.close();
      }
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("closing the journal: {}", e.toString());
    }
  }
}
