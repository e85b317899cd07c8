// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Checks of what the files backend serves: a zone file must be whole and exactly right. */
final class ZoneChecks {
  private ZoneChecks() {}

  /** What is wrong with the zone's file, if anything (absent, unreadable, partial, other data). */
  static Optional<String> problem(Path zonesDir, Name zone, long serial, int hosts) {
    Path file = ZoneFiles.pathFor(zonesDir, zone, ".zone");
    if (!Files.exists(file)) {
      return Optional.of(zone + ": no zone file");
    }
    try {
      List<Record> records = read(file, zone);
      if (!new HashSet<>(records).equals(new HashSet<>(TestZones.records(zone, serial, hosts)))
          || records.size() != TestZones.records(zone, serial, hosts).size()) {
        return Optional.of(zone + ": " + records.size() + " records, not the master's zone");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(zone + ": unreadable: " + e.getMessage());
    }
  }

  static List<Record> read(Path file, Name zone) throws IOException {
    List<Record> out = new ArrayList<>();
    try (RecordReader r = ZoneFiles.openReader(file, zone)) {
      for (Record x = r.next(); x != null; x = r.next()) {
        out.add(x);
      }
    }
    return out;
  }

  /** The zone files a server would load (hidden temporary files are not among them). */
  static List<Path> zoneFiles(Path zonesDir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(zonesDir)) {
      return files;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(zonesDir, "*.zone")) {
      for (Path p : all) {
        if (!p.getFileName().toString().startsWith(".")) {
          files.add(p);
        }
      }
    }
    return files;
  }

  /** Temporary files of interrupted writes. */
  static List<Path> temporaryFiles(Path zonesDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(zonesDir, ".*")) {
      all.forEach(files::add);
    }
    return files;
  }

  /** The zone a file name stands for ({@code <zone>.zone}). */
  static Name zoneOf(Path file) {
    String name = file.getFileName().toString();
    return TestZones.name(name.substring(0, name.length() - ".zone".length()) + ".");
  }
}
