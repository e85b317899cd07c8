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
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A transferred zone kept on disk as length-prefixed wire-format records, so that a zone of
 * millions of records streams from the master to the backend without sitting in the heap. Closing
 * it deletes the file.
 */
public final class SpooledZone implements ZoneContent, AutoCloseable {
  private final Name name;
  private final Path file;
  private final SOARecord soa;
  private final long count;

  private SpooledZone(Name name, Path file, SOARecord soa, long count) {
    this.name = name;
    this.file = file;
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

  @Override
  public RecordReader openRecords() throws IOException {
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16));
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
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover spool file is removed when the agent next starts.
    }
  }

  @Override
  public String toString() {
    return name + " serial " + soa.getSerial() + " (" + count + " records)";
  }

  /** Writes records to a new spool file; {@link #finish()} turns it into a {@link SpooledZone}. */
  static final class Writer implements AutoCloseable {
    private final Name name;
    private final Path file;
    private final DataOutputStream out;
    private SOARecord soa;
    private long count;
    private long bytes;
    private boolean finished;

    Writer(Name name, Path directory) throws IOException {
      this.name = name;
      Files.createDirectories(directory);
      this.file = Files.createTempFile(directory, "xfr-", ".spool");
      // A plain stream, not a channel: the transfer watchdog may interrupt this thread, and an
      // interrupted channel would close itself.
      this.out =
          new DataOutputStream(
              new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 16));
    }

    /** Appends a record; returns its size in wire format. */
    int write(Record record) throws IOException {
      if (soa == null && record instanceof SOARecord s) {
        soa = s;
      }
      byte[] wire = record.toWire(Section.ANSWER);
      out.writeInt(wire.length);
      out.write(wire);
      count++;
      bytes += wire.length;
      return wire.length;
    }

    long count() {
      return count;
    }

    long bytes() {
      return bytes;
    }

    SpooledZone finish() throws IOException {
      out.close();
      finished = true;
      if (soa == null) {
        Files.deleteIfExists(file);
        throw new IOException("transfer of " + name + " carried no SOA");
      }
      return new SpooledZone(name, file, soa, count);
    }

    @Override
    public void close() {
      if (!finished) {
        try {
          out.close();
        } catch (IOException e) {
          // Deleting below is what matters.
        }
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // Cleaned at the next start.
        }
      }
    }
  }
}
