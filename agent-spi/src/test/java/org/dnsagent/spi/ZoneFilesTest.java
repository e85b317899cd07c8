// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

class ZoneFilesTest {
  @TempDir Path dir;

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    Name zone = Name.fromString("files.test.");
    List<Record> records = new ArrayList<>();
    records.add(
        new SOARecord(
            zone, DClass.IN, 3600, new Name("ns", zone), new Name("h", zone), 7, 60, 60, 600, 60));
    records.add(
        new ARecord(new Name("www", zone), DClass.IN, 300, InetAddress.getByName("192.0.2.1")));
    records.add(new TXTRecord(new Name("t", zone), DClass.IN, 300, "quote \" and ; semicolon"));
    Path file = ZoneFiles.pathFor(dir, zone, ".zone");
    ZoneFiles.writeAtomically(file, ZoneContent.of(zone, records));
    assertEquals(7, ZoneFiles.readSoa(file, zone).orElseThrow().getSerial());
    List<Record> back = new ArrayList<>();
    try (RecordReader r = ZoneFiles.openReader(file, zone)) {
      for (Record x = r.next(); x != null; x = r.next()) {
        back.add(x);
      }
    }
    assertEquals(records, back);
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "no temporary file left behind");
    }
  }

  @Test
  void missingFileMeansNoZone() throws Exception {
    assertTrue(ZoneFiles.readSoa(dir.resolve("none.zone"), Name.fromString("none.")).isEmpty());
  }
}
