// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dnsagent.spi.RecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

class SpooledZoneTest {
  private static final Name ZONE = Name.fromConstantString("example.org.");
  @TempDir Path spool;

  private static List<Record> zone(int hosts) throws IOException {
    List<Record> records = new ArrayList<>();
    records.add(
        new SOARecord(
            ZONE,
            DClass.IN,
            3600,
            Name.fromConstantString("ns1.example.org."),
            Name.fromConstantString("hostmaster.example.org."),
            7,
            3600,
            600,
            86400,
            300));
    for (int i = 0; i < hosts; i++) {
      records.add(
          new ARecord(
              Name.fromConstantString("h" + i + ".example.org."),
              DClass.IN,
              300,
              InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
    }
    return records;
  }

  private SpooledZone write(List<Record> records) throws IOException {
    try (SpooledZone.Writer writer = new SpooledZone.Writer(ZONE, spool)) {
      for (Record r : records) {
        writer.write(r);
      }
      return writer.finish();
    }
  }

  private static List<Record> read(SpooledZone zone) throws IOException {
    List<Record> out = new ArrayList<>();
    try (RecordReader reader = zone.openRecords()) {
      for (Record r = reader.next(); r != null; r = reader.next()) {
        out.add(r);
      }
    }
    return out;
  }

  private long spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.count();
    }
  }

  @Test
  void aSmallZoneStaysInMemory() throws IOException {
    List<Record> records = zone(10);
    try (SpooledZone zone = write(records)) {
      assertTrue(zone.file().isEmpty());
      assertEquals(0, spoolFiles());
      assertEquals(records, read(zone));
      assertEquals(records, read(zone), "every pass sees every record");
      assertEquals(11, zone.recordCount());
      assertEquals(7, zone.serial());
    }
  }

  @Test
  void aBigZoneGoesToASpoolFileThatCloseDeletes() throws IOException {
    List<Record> records = zone(5000); // about 100 KiB in wire format
    Path file;
    try (SpooledZone zone = write(records)) {
      file = zone.file().orElseThrow();
      assertTrue(Files.exists(file));
      assertEquals(records, read(zone));
      assertEquals(records, read(zone));
      assertEquals(5001, zone.recordCount());
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void anUnfinishedTransferLeavesNothingBehind() throws IOException {
    try (SpooledZone.Writer writer = new SpooledZone.Writer(ZONE, spool)) {
      for (Record r : zone(5000)) {
        writer.write(r);
      }
      assertEquals(1, spoolFiles());
    }
    assertEquals(0, spoolFiles());
  }

  @Test
  void aTransferWithoutSoaIsRefused() throws IOException {
    try (SpooledZone.Writer writer = new SpooledZone.Writer(ZONE, spool)) {
      writer.write(zone(1).get(1));
      assertThrows(IOException.class, writer::finish);
    }
    assertEquals(0, spoolFiles());
  }
}
