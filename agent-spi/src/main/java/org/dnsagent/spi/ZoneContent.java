// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A complete version of a zone, as transferred from a master. The records are streamed from
 * wherever the agent keeps them (a spool file for real transfers), so a backend must read them with
 * {@link #openRecords()} rather than expect a list.
 */
public interface ZoneContent {

  /** The zone's name (absolute). */
  Name name();

  /** The zone's SOA record; {@link #openRecords()} yields it first. */
  SOARecord soa();

  /** The SOA serial, an unsigned 32-bit number. */
  default long serial() {
    return soa().getSerial();
  }

  /** Number of records, the SOA included. */
  long recordCount();

  /**
   * Opens a new pass over every record, the SOA first, the closing SOA of the transfer not
   * repeated. May be called several times; each reader must be closed.
   */
  RecordReader openRecords() throws IOException;

  /**
   * An in-memory zone, for tests and small zones. The first record must be the zone's SOA.
   *
   * @throws IllegalArgumentException if the first record is not an SOA of {@code name}
   */
  static ZoneContent of(Name name, List<Record> records) {
    requireNonNull(name, "name is null");
    List<Record> copy = List.copyOf(records);
    if (copy.isEmpty()
        || copy.get(0).getType() != Type.SOA
        || !copy.get(0).getName().equals(name)) {
      throw new IllegalArgumentException("the first record must be the SOA of " + name);
    }
    SOARecord soa = (SOARecord) copy.get(0);
    return new ZoneContent() {
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
        return copy.size();
      }

      @Override
      public RecordReader openRecords() {
        return RecordReader.of(copy);
      }

      @Override
      public String toString() {
        return name + " serial " + soa.getSerial() + " (" + copy.size() + " records)";
      }
    };
  }
}
