// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.dnsagent.master.ZoneDiff;
import org.dnsagent.spi.ZoneFiles;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A relay zone's IXFR history on disk, beside its zone file: the differences in DNS wire format,
 * rewritten whole and atomically ({@link ZoneFiles#writeBytesAtomically}) after each change, and
 * ending with a CRC-32 of everything before it, so that a damaged file is detected and not used.
 *
 * <p>Layout: the magic line, the zone name, the number of differences, then per difference the old
 * SOA, the count and the records deleted, the new SOA, the count and the records added (each record
 * as its length and wire bytes), and the 4-byte checksum.
 */
final class RelayHistory {
  static final String SUFFIX = ".ixfr";
  private static final byte[] MAGIC =
      "dns-agent relay IXFR history 1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_RECORD = 65_535;

  private RelayHistory() {}

  /** The history file of {@code zone} in {@code directory}. */
  static Path pathFor(Path directory, Name zone) {
    return ZoneFiles.pathFor(directory, zone, SUFFIX);
  }

  /** Writes the history atomically; an empty history removes the file. */
  static void write(Path directory, Name zone, List<ZoneDiff> diffs) throws IOException {
    Path file = pathFor(directory, zone);
    if (diffs.isEmpty()) {
      if (Files.deleteIfExists(file)) {
        ZoneFiles.syncDirectory(directory);
      }
      return;
    }
    byte[] bytes = encode(zone, diffs);
    ZoneFiles.writeBytesAtomically(file, out -> out.write(bytes));
  }

  /** Removes the history file, if any. */
  static void delete(Path directory, Name zone) throws IOException {
    if (Files.deleteIfExists(pathFor(directory, zone))) {
      ZoneFiles.syncDirectory(directory);
    }
  }

  /**
   * Reads the history of {@code zone}; empty if there is no file.
   *
   * @throws IOException if the file is damaged (bad checksum, truncated, another zone's, bad data)
   */
  static List<ZoneDiff> read(Path directory, Name zone) throws IOException {
    Path file = pathFor(directory, zone);
    if (!Files.exists(file)) {
      return List.of();
    }
    return decode(zone, Files.readAllBytes(file));
  }

  static byte[] encode(Name zone, List<ZoneDiff> diffs) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    out.write(MAGIC);
    writeBytes(out, zone.toWire());
    out.writeInt(diffs.size());
    for (ZoneDiff diff : diffs) {
      writeRecord(out, diff.fromSoa());
      writeRecords(out, diff.deleted());
      writeRecord(out, diff.toSoa());
      writeRecords(out, diff.added());
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(buffer.toByteArray());
    out.writeInt((int) crc.getValue());
    out.flush();
    return buffer.toByteArray();
  }

  static List<ZoneDiff> decode(Name zone, byte[] bytes) throws IOException {
    if (bytes.length < MAGIC.length + 4
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IOException("not a relay IXFR history file");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      throw new IOException("checksum mismatch (torn or damaged write)");
    }
    try {
      DataInputStream in =
          new DataInputStream(
              new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 4 - MAGIC.length));
      if (!new Name(readBytes(in)).equals(zone)) {
        throw new IOException("holds the history of another zone");
      }
      int count = in.readInt();
      if (count < 0 || count > 100_000) {
        throw new IOException("bad difference count " + count);
      }
      List<ZoneDiff> diffs = new ArrayList<>(Math.min(count, 1000));
      for (int i = 0; i < count; i++) {
        SOARecord from = readSoa(in);
        List<Record> deleted = readRecords(in);
        SOARecord to = readSoa(in);
        List<Record> added = readRecords(in);
        diffs.add(new ZoneDiff(from, to, deleted, added));
      }
      if (in.available() != 0) {
        throw new IOException("trailing data");
      }
      return diffs;
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("bad data: " + e.getMessage(), e);
    }
  }

  private static void writeRecords(DataOutputStream out, List<Record> records) throws IOException {
    out.writeInt(records.size());
    for (Record r : records) {
      writeRecord(out, r);
    }
  }

  private static void writeRecord(DataOutputStream out, Record r) throws IOException {
    writeBytes(out, r.toWire(Section.ANSWER));
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_RECORD) {
      throw new IOException("bad length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static Record readRecord(DataInputStream in) throws IOException {
    return Record.fromWire(readBytes(in), Section.ANSWER);
  }

  private static SOARecord readSoa(DataInputStream in) throws IOException {
    if (readRecord(in) instanceof SOARecord soa) {
      return soa;
    }
    throw new IOException("SOA expected");
  }

  private static List<Record> readRecords(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > 10_000_000) {
      throw new IOException("bad record count " + count);
    }
    List<Record> records = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      records.add(readRecord(in));
    }
    return records;
  }
}
