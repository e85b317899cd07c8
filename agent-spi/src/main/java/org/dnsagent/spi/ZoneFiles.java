// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Zone files on disk: written atomically, read back streamed. */
public final class ZoneFiles {
  private ZoneFiles() {}

  /**
   * The path of the zone's file inside {@code directory}; guaranteed to be a direct child of it.
   */
  public static Path pathFor(Path directory, Name zone, String suffix) {
    Path dir = directory.toAbsolutePath().normalize();
    Path file = dir.resolve(ZoneNames.fileName(zone, suffix)).normalize();
    if (!dir.equals(file.getParent())) {
      throw new IllegalStateException("zone file for " + zone + " escapes " + dir);
    }
    return file;
  }

  /** Writes the text of a file, for {@link #writeAtomically(Path, Body)}. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Writes the zone as an RFC 1035 master file: to a temporary file in the same directory, flushed
   * to disk, then renamed over {@code target}, and the directory flushed. A reader never sees a
   * partial file, and a crash leaves either the old or the new file.
   */
  public static void writeAtomically(Path target, ZoneContent zone) throws IOException {
    writeAtomically(
        target,
        bufferFor(zone.recordCount()),
        out -> {
          out.write(
              "; zone " + zone.name() + " serial " + zone.serial() + ", written by dns-agent\n");
          out.write("$ORIGIN " + zone.name() + "\n");
          try (RecordReader records = zone.openRecords()) {
            for (Record r = records.next(); r != null; r = records.next()) {
              out.write(r.toString());
              out.write('\n');
            }
          }
        });
  }

  /**
   * The zone as an RFC 1035 master file, for {@link HostFiles#write}: the same text {@link
   * #writeAtomically(Path, ZoneContent)} writes, on any host.
   */
  public static HostFiles.Content masterFile(ZoneContent zone) {
    return text(
        bufferFor(zone.recordCount()),
        out -> {
          out.write(
              "; zone " + zone.name() + " serial " + zone.serial() + ", written by dns-agent\n");
          out.write("$ORIGIN " + zone.name() + "\n");
          try (RecordReader records = zone.openRecords()) {
            for (Record r = records.next(); r != null; r = records.next()) {
              out.write(r.toString());
              out.write('\n');
            }
          }
        });
  }

  /** Text written by {@code body}, UTF-8, for {@link HostFiles#write}. */
  public static HostFiles.Content text(Body body) {
    return text(bufferFor(Long.MAX_VALUE), body);
  }

  private static HostFiles.Content text(int bufferSize, Body body) {
    return stream -> {
      Writer out =
          new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), bufferSize);
      body.writeTo(out);
      out.flush();
    };
  }

  /** Writes any file the same atomic way: temporary file, fsync, rename, directory fsync. */
  public static void writeAtomically(Path target, Body body) throws IOException {
    writeAtomically(target, bufferFor(Long.MAX_VALUE), body);
  }

  /** A writer's buffer: small for small zones, which are most; 64 Ki characters for big ones. */
  private static int bufferFor(long records) {
    return (int) Math.max(1 << 12, Math.min(1 << 16, records * 64));
  }

  private static void writeAtomically(Path target, int bufferSize, Body body) throws IOException {
    writeBytesAtomically(
        target,
        stream -> {
          Writer out =
              new BufferedWriter(
                  new OutputStreamWriter(stream, StandardCharsets.UTF_8), bufferSize);
          body.writeTo(out);
          out.flush();
        });
  }

  /**
   * Writes bytes the same atomic way: temporary file (mode 0640), fsync, rename, directory fsync.
   */
  public static void writeBytesAtomically(Path target, HostFiles.Content content)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!dir.toFile().isDirectory()) {
      FileModes.createDirectories(dir);
    }
    Path temp =
        dir.resolve(
            "."
                + target.getFileName()
                + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    boolean moved = false;
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              FileModes.file())) {
        java.io.OutputStream stream = Channels.newOutputStream(channel);
        content.writeTo(stream);
        stream.flush();
        channel.force(true);
      }
      moveAtomically(temp, target);
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Renames {@code source} over {@code target} atomically. */
  public static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename atomically into " + target.getParent(), e);
    }
  }

  /**
   * Flushes a directory's entries (a rename or a delete) to disk; a no-op where unsupported.
   * Threads that call it for the same directory at once share one fsync ({@link DirectorySync}).
   */
  public static void syncDirectory(Path dir) {
    DirectorySync.of(dir.toAbsolutePath().normalize()).sync();
  }

  /** Reads the zone's SOA from a master file (the first SOA at the apex), if the file exists. */
  public static Optional<SOARecord> readSoa(Path file, Name zone) throws IOException {
    // java.io.File answers "no such file" without an exception: this runs for every request.
    if (!file.toFile().exists()) {
      return Optional.empty();
    }
    try (Master master = new Master(file.toString(), zone)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (r.getType() == Type.SOA && r.getName().equals(zone)) {
          return Optional.of((SOARecord) r);
        }
      }
    }
    throw new IOException(file + " has no SOA record for " + zone);
  }

  /**
   * Reads the zone's SOA (the first SOA at the apex) from a master file's bytes; closes the stream.
   */
  public static SOARecord readSoa(InputStream in, Name zone, String source) throws IOException {
    try (in;
        Master master = new Master(in, zone)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (r.getType() == Type.SOA && r.getName().equals(zone)) {
          return (SOARecord) r;
        }
      }
    }
    throw new IOException(source + " has no SOA record for " + zone);
  }

  /** A streamed reader over a master file's records, from its bytes; closing it closes them. */
  public static RecordReader openReader(InputStream in, Name zone) {
    Master master = new Master(in, zone);
    return new RecordReader() {
      @Override
      public Record next() throws IOException {
        return master.nextRecord();
      }

      @Override
      public void close() throws IOException {
        try (in) {
          master.close();
        }
      }
    };
  }

  /** A streamed reader over a master file's records. */
  public static RecordReader openReader(Path file, Name zone) throws IOException {
    Master master = new Master(file.toString(), zone);
    return new RecordReader() {
      @Override
      public Record next() throws IOException {
        return master.nextRecord();
      }

      @Override
      public void close() {
        master.close();
      }
    };
  }
}
