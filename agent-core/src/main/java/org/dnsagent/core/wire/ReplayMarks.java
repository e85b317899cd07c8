// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.dnsagent.spi.ZoneFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Replay protection across restarts: per TSIG key, the latest time signed of a request the agent
 * accepted (a high-water mark), kept in a small file under {@code state_path}. The marks found at
 * start are the {@link #restartMark floor}: a request signed at or before its key's mark is refused
 * ({@link ReplayGuard}), so a request captured before a restart cannot be replayed after it.
 *
 * <p>{@link #advance} only updates memory; a background thread writes the file at most once a
 * second when a mark changed, and {@link #close} writes it once more. A crash therefore loses at
 * most about the last second of marks. The file is replaced atomically (a temporary file, fsynced,
 * renamed over it, the directory synced), mode 0600. A missing, unreadable or damaged file is one
 * log line and no marks: it never keeps the agent from starting.
 *
 * <p>Format (ASCII lines): {@code dns-agent-replay-marks 1}, then one {@code <key> <epoch seconds>}
 * line per key, where the key is its name's canonical wire form in unpadded base64url (so no key
 * name can break a line), then {@code crc32 <hex>} over every byte before that line.
 */
public final class ReplayMarks implements AutoCloseable {
  static final String HEADER = "dns-agent-replay-marks 1";
  private static final Logger log = LoggerFactory.getLogger(ReplayMarks.class);

  private final Optional<Path> file;
  private final Map<Name, Long> atStart;
  private final Map<Name, Long> latest = new ConcurrentHashMap<>();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final ScheduledExecutorService writer;
  private volatile boolean writeFailing;

  private ReplayMarks(Optional<Path> file, Map<Name, Long> atStart, boolean background) {
    this.file = file;
    this.atStart = Map.copyOf(atStart);
    this.latest.putAll(atStart);
    if (background) {
      writer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "replay-marks");
                t.setDaemon(true);
                return t;
              });
      writer.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    } else {
      writer = null;
    }
  }

  /** Marks kept in memory only: nothing survives the process (tests, tools). */
  public static ReplayMarks inMemory() {
    return new ReplayMarks(Optional.empty(), Map.of(), false);
  }

  /**
   * Reads the marks in {@code file} (none if it is missing or damaged, which is logged) and starts
   * writing them back there once a second when they change.
   */
  public static ReplayMarks open(Path file) {
    return new ReplayMarks(Optional.of(file), readOrEmpty(file), true);
  }

  /** The mark {@code key} had when the agent started; requests signed at or before it are old. */
  Optional<Long> restartMark(Name key) {
    return Optional.ofNullable(atStart.get(key));
  }

  /** Records that a request signed at {@code signedSeconds} with {@code key} was accepted. */
  void advance(Name key, long signedSeconds) {
    Long before = latest.get(key);
    if (before != null && before >= signedSeconds) {
      return;
    }
    latest.merge(key, signedSeconds, Math::max);
    dirty.set(true);
  }

  /** Writes the marks now if they changed since the last write. */
  public synchronized void flush() throws IOException {
    if (file.isEmpty() || !dirty.getAndSet(false)) {
      return;
    }
    try {
      write(file.get(), Map.copyOf(latest));
    } catch (IOException | RuntimeException e) {
      dirty.set(true);
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
      if (writeFailing) {
        writeFailing = false;
        log.info("replay marks written to {} again", file.get());
      }
    } catch (IOException | RuntimeException e) {
      if (!writeFailing) {
        writeFailing = true;
        log.warn("cannot write replay marks to {}: {}", file.get(), e.toString());
      }
    }
  }

  /** Stops the background writer and writes the marks a last time (clean shutdown). */
  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.shutdown();
      try {
        writer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }

  @Override
  public String toString() {
    return "replay marks " + file.map(Path::toString).orElse("(memory)");
  }

  /** Writes {@code marks} to {@code file} atomically, mode 0600. */
  static void write(Path file, Map<Name, Long> marks) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    Map<String, Long> sorted = new TreeMap<>();
    marks.forEach((k, v) -> sorted.put(encode(k), v));
    sorted.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] trailer =
        ("crc32 " + String.format("%08x", crc.getValue()) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    boolean moved = false;
    try {
      try (FileChannel out =
          FileChannel.open(
              temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
        ByteBuffer buffer = ByteBuffer.allocate(body.length + trailer.length);
        buffer.put(body).put(trailer).flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename atomically into " + file.getParent(), e);
      }
      moved = true;
      ZoneFiles.syncDirectory(file.toAbsolutePath().getParent());
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** The marks in {@code file}; empty, with one log line, when it is missing or damaged. */
  static Map<Name, Long> readOrEmpty(Path file) {
    try {
      return read(file);
    } catch (NoSuchFileException e) {
      log.info("no replay marks in {}: starting with none", file);
    } catch (IOException e) {
      log.warn(
          "replay marks in {} not used ({}): starting with none, so requests signed before"
              + " this start are checked only against their time window",
          file,
          e.getMessage());
    }
    return Map.of();
  }

  /**
   * The marks in {@code file}.
   *
   * @throws IOException if it cannot be read or is not a complete marks file
   */
  public static Map<Name, Long> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int trailerStart = text.lastIndexOf("crc32 ");
    if (trailerStart < 0 || (trailerStart > 0 && text.charAt(trailerStart - 1) != '\n')) {
      throw new IOException("no checksum line");
    }
    String trailer = text.substring(trailerStart);
    if (!trailer.matches("crc32 [0-9a-f]{8}\n")) {
      throw new IOException("bad checksum line");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, trailerStart);
    if (!String.format("%08x", crc.getValue()).equals(trailer.substring(6, 14))) {
      throw new IOException("checksum mismatch");
    }
    String[] lines = text.substring(0, trailerStart).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new IOException("not a replay marks file");
    }
    Map<Name, Long> marks = new HashMap<>();
    // The body ends with a newline, so the last element is empty.
    for (int i = 1; i < lines.length - 1; i++) {
      String[] fields = lines[i].split(" ", -1);
      if (fields.length != 2) {
        throw new IOException("bad line " + (i + 1));
      }
      try {
        marks.put(decode(fields[0]), Long.parseLong(fields[1]));
      } catch (IllegalArgumentException | IOException e) {
        throw new IOException("bad line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return marks;
  }

  private static String encode(Name key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.toWireCanonical());
  }

  private static Name decode(String field) throws IOException {
    Name name = new Name(Base64.getUrlDecoder().decode(field));
    if (!encode(name).equals(field)) {
      throw new IOException("bad key name");
    }
    return name;
  }

  private static FileAttribute<?>[] ownerOnly() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }
}
