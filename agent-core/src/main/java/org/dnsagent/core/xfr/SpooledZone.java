// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A transferred zone. A small one (up to {@link #MEMORY_LIMIT} bytes of records in wire format, a
 * few thousand records) is kept in memory; a bigger one is spooled to disk as length-prefixed wire
 * records, so that a zone of millions of records streams from the master to the backend without
 * sitting in the heap. Most zones are small, and for them a file created, written, read back and
 * deleted per transfer would cost more than the transfer itself. Closing it deletes the file.
 */
public final class SpooledZone implements ZoneContent, AutoCloseable {
  /**
   * Wire bytes a transfer may keep in memory before it goes to a spool file: with {@code
   * operation_workers} transfers at once, at most a few MiB of heap in all.
   */
  static final int MEMORY_LIMIT = 64 * 1024;

  private final Name name;
  private final Optional<Path> file;
  private final List<Record> records;
  private final SOARecord soa;
  private final long count;

  private SpooledZone(
      Name name, Optional<Path> file, List<Record> records, SOARecord soa, long count) {
    this.name = name;
    this.file = file;
    this.records = records;
    this.soa = soa;
    this.count = count;
  }

  @Override
  public Name name() {
    return name;
  }

  @Override
  public SOARecord soa() {
    return soa;
  }

  @Override
  public long recordCount() {
    return count;
  }

  /** The spool file, for a zone too big to keep in memory. */
  Optional<Path> file() {
    return file;
  }

  @Override
  public RecordReader openRecords() throws IOException {
    if (file.isEmpty()) {
      return RecordReader.of(records);
    }
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new FileInputStream(file.get().toFile()), 1 << 16));
    return new RecordReader() {
      @Override
      public Record next() throws IOException {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException e) {
          return null;
        }
        byte[] wire = new byte[length];
        in.readFully(wire);
        return Record.fromWire(wire, Section.ANSWER);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public void close() {
    if (file.isPresent()) {
      try {
        Files.deleteIfExists(file.get());
      } catch (IOException e) {
        // A leftover spool file is removed when the agent next starts.
      }
    }
  }

  @Override
  public String toString() {
    return name + " serial " + soa.getSerial() + " (" + count + " records)";
  }

  /**
   * Collects records, in memory until they exceed {@link #MEMORY_LIMIT} bytes, then in a new spool
   * file; {@link #finish()} turns them into a {@link SpooledZone}.
   */
  static final class Writer implements AutoCloseable {
    private final Name name;
    private final Path directory;
    private final int memoryLimit;
    private List<Record> memory = new ArrayList<>();
    private Path file;
    private DataOutputStream out;
    private SOARecord soa;
    private long count;
    private long bytes;
    private boolean finished;

    Writer(Name name, Path directory) {
      this(name, directory, MEMORY_LIMIT);
    }

    Writer(Name name, Path directory, int memoryLimit) {
      this.name = name;
      this.directory = directory;
      this.memoryLimit = memoryLimit;
    }

    /** Appends a record; returns its size in wire format. */
    int write(Record record) throws IOException {
      if (soa == null && record instanceof SOARecord s) {
        soa = s;
      }
      byte[] wire = record.toWire(Section.ANSWER);
      count++;
      bytes += wire.length;
      if (out != null) {
        append(wire);
      } else {
        memory.add(record);
        if (bytes > memoryLimit) {
          spill();
        }
      }
      return wire.length;
    }

    private void append(byte[] wire) throws IOException {
      out.writeInt(wire.length);
      out.write(wire);
    }

    /** Moves what is in memory to a new spool file; the rest of the transfer follows it there. */
    private void spill() throws IOException {
      Files.createDirectories(directory);
      file = Files.createTempFile(directory, "xfr-", ".spool");
      // A plain stream, not a channel: the transfer watchdog may interrupt this thread, and an
      // interrupted channel would close itself.
      out =
          new DataOutputStream(
              new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 16));
      for (Record r : memory) {
        append(r.toWire(Section.ANSWER));
      }
      memory = null;
    }

    long count() {
      return count;
    }

    long bytes() {
      return bytes;
    }

    SpooledZone finish() throws IOException {
      finished = true;
      if (out != null) {
        out.close();
      }
      if (soa == null) {
        discard();
        throw new IOException("transfer of " + name + " carried no SOA");
      }
      if (file == null) {
        return new SpooledZone(name, Optional.empty(), List.copyOf(memory), soa, count);
      }
      return new SpooledZone(name, Optional.of(file), List.of(), soa, count);
    }

    @Override
    public void close() {
      if (!finished) {
        if (out != null) {
          try {
            out.close();
          } catch (IOException e) {
            // Deleting below is what matters.
          }
        }
        discard();
      }
    }

    private void discard() {
      memory = null;
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // Cleaned at the next start.
        }
      }
    }
  }
}
