// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** Zones generated in code for tests and benchmarks: an SOA, an NS and {@code n} A records. */
public final class TestZones {
  private TestZones() {}

  public static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  public static SOARecord soa(Name zone, long serial) {
    return new SOARecord(
        zone, DClass.IN, 3600, ns(zone), name("hostmaster." + zone), serial, 3600, 600, 86400, 300);
  }

  private static Name ns(Name zone) {
    return name("ns1." + zone);
  }

  /**
   * The records of a zone: SOA first, then NS, the name server's address, and {@code hosts} A
   * records {@code hN} whose addresses depend on the serial (so a new serial is new data), and a
   * TXT naming the serial.
   */
  public static List<Record> records(Name zone, long serial, int hosts) {
    List<Record> records = new ArrayList<>();
    records.add(soa(zone, serial));
    records.add(new NSRecord(zone, DClass.IN, 3600, ns(zone)));
    records.add(new ARecord(ns(zone), DClass.IN, 3600, ip(0, 1)));
    for (int i = 0; i < hosts; i++) {
      records.add(new ARecord(name("h" + i + "." + zone), DClass.IN, 300, ip(1, i)));
    }
    records.add(new TXTRecord(name("serial." + zone), DClass.IN, 300, "serial " + serial));
    return records;
  }

  /** Writes the zone as {@code <zone>zone} (e.g. {@code example.org.zone}) in {@code dir}. */
  public static Path writeZoneFile(Path dir, Name zone, long serial, int hosts) throws IOException {
    return writeZoneFile(dir, zone.toString(true) + ".zone", zone, serial, hosts);
  }

  /** Writes the zone in {@code dir} under the given file name (for names too long for one). */
  public static Path writeZoneFile(Path dir, String fileName, Name zone, long serial, int hosts)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    Path temp = dir.resolve("." + fileName + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      out.write("$ORIGIN " + zone + "\n");
      for (Record r : records(zone, serial, hosts)) {
        out.write(r.toString());
        out.write('\n');
      }
    }
    Files.move(
        temp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static InetAddress ip(int third, int index) {
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) 10, (byte) third, (byte) (index / 250), (byte) (index % 250 + 1)});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
