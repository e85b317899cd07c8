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
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneContent;
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
    Name contact =
        isHostname(zone) && fits("hostmaster", zone)
            ? name("hostmaster." + zone)
            : name("hostmaster.example.");
    return new SOARecord(zone, DClass.IN, 3600, ns(zone), contact, serial, 3600, 600, 86400, 300);
  }

  /**
   * True when every label is a host name label (RFC 952/1123: letters, digits, inner hyphens), as
   * servers' name checks want for the owners of address records.
   */
  static boolean isHostname(Name zone) {
    for (int i = 0; i < zone.labels() - 1; i++) {
      if (!zone.getLabelString(i).matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code label.zone} is a valid name (at most 255 octets). */
  static boolean fits(String label, Name zone) {
    return zone.length() + label.length() + 1 <= 255;
  }

  /**
   * The name server: {@code ns1.zone}, or {@code ns1.example.} for names with no room left or that
   * are not host names (a {@code _tcp} zone: servers check names of addresses).
   */
  private static Name ns(Name zone) {
    return isHostname(zone) && fits("ns1", zone) ? name("ns1." + zone) : name("ns1.example.");
  }

  /** Where the TXT naming the serial lives: {@code serial.zone}, or the apex if no room is left. */
  public static Name serialName(Name zone) {
    return fits("serial", zone) ? name("serial." + zone) : zone;
  }

  /** SOA, NS and (if the server is in the zone) its address: the records before the hosts. */
  private static List<Record> head(Name zone, long serial) {
    List<Record> head = new ArrayList<>();
    head.add(soa(zone, serial));
    head.add(new NSRecord(zone, DClass.IN, 3600, ns(zone)));
    if (ns(zone).subdomain(zone)) {
      head.add(new ARecord(ns(zone), DClass.IN, 3600, ip(0, 1)));
    }
    return head;
  }

  /**
   * The records of a zone: SOA first, then NS, the name server's address, and {@code hosts} A
   * records {@code hN}, and a TXT naming the serial ({@link #serialName}). Names too long for
   * {@code ns1.} or {@code serial.} get an outside name server and the TXT at the apex.
   */
  public static List<Record> records(Name zone, long serial, int hosts) {
    List<Record> records = head(zone, serial);
    for (int i = 0; i < hosts; i++) {
      records.add(host(zone, i));
    }
    records.add(new TXTRecord(serialName(zone), DClass.IN, 300, "serial " + serial));
    return records;
  }

  /**
   * The same records as {@link #records}, generated while they are read: a zone of any size that
   * never sits in memory, as a real transfer's spool file would not.
   */
  public static ZoneContent streamed(Name zone, long serial, int hosts) {
    List<Record> head = head(zone, serial);
    SOARecord soa = (SOARecord) head.get(0);
    int first = head.size();
    return new ZoneContent() {
      @Override
      public Name name() {
        return zone;
      }

      @Override
      public SOARecord soa() {
        return soa;
      }

      @Override
      public long recordCount() {
        return first + hosts + 1L;
      }

      @Override
      public RecordReader openRecords() {
        return new RecordReader() {
          private int next;

          @Override
          public Record next() {
            int i = next++;
            if (i < first) {
              return head.get(i);
            } else if (i < first + hosts) {
              return host(zone, i - first);
            } else if (i == first + hosts) {
              return new TXTRecord(serialName(zone), DClass.IN, 300, "serial " + serial);
            }
            return null;
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public String toString() {
        return zone + " serial " + serial + " (" + recordCount() + " records, generated)";
      }
    };
  }

  /** Host {@code hN} of a generated zone: its A record. */
  public static ARecord host(Name zone, int index) {
    return new ARecord(name("h" + index + "." + zone), DClass.IN, 300, ip(1, index));
  }

  /** Writes the zone as {@code <zone>zone} (e.g. {@code example.org.zone}) in {@code dir}. */
  public static Path writeZoneFile(Path dir, Name zone, long serial, int hosts) throws IOException {
    return writeZoneFile(dir, zone.toString(true) + ".zone", zone, serial, hosts);
  }

  /** Writes the zone in {@code dir} under the given file name (for names too long for one). */
  public static Path writeZoneFile(Path dir, String fileName, Name zone, long serial, int hosts)
      throws IOException {
    return writeZoneFile(dir, fileName, streamed(zone, serial, hosts));
  }

  /** Writes any zone content as a master file in {@code dir}, atomically. */
  public static Path writeZoneFile(Path dir, String fileName, ZoneContent content)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    Path temp = dir.resolve("." + fileName + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      out.write("$ORIGIN " + content.name() + "\n");
      try (RecordReader records = content.openRecords()) {
        for (Record r = records.next(); r != null; r = records.next()) {
          out.write(r.toString());
          out.write('\n');
        }
      }
    }
    Files.move(
        temp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * A small zone: SOA (TTL 300, refresh/retry/expire/minimum 60/60/600/60), NS {@code ns}, {@code
   * ns A 127.0.0.1}, {@code www A <www>} and a TXT naming zone and serial.
   */
  public static ZoneContent small(Name zone, long serial, String www) {
    try {
      Name ns = new Name("ns", zone);
      List<Record> records = new ArrayList<>();
      records.add(
          new SOARecord(
              zone, DClass.IN, 300, ns, new Name("hostmaster", zone), serial, 60, 60, 600, 60));
      records.add(new NSRecord(zone, DClass.IN, 300, ns));
      records.add(new ARecord(ns, DClass.IN, 300, InetAddress.getByName("127.0.0.1")));
      records.add(new ARecord(new Name("www", zone), DClass.IN, 300, InetAddress.getByName(www)));
      records.add(new TXTRecord(zone, DClass.IN, 300, "zone " + zone + " serial " + serial));
      return ZoneContent.of(zone, records);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
