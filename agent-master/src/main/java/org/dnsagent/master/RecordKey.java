// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.util.Arrays;
import org.xbill.DNS.Record;

/**
 * A record's canonical wire form (RFC 4034 6.2) as a hash key. {@link Record#hashCode} renders the
 * record on every call and hashes it weakly, which makes sets of a million records crawl.
 */
final class RecordKey {
  private final byte[] wire;
  private final int hash;

  private RecordKey(byte[] wire) {
    this.wire = wire;
    this.hash = Arrays.hashCode(wire);
  }

  /** Name, type, class, TTL and data: a TTL change makes a different key. */
  static RecordKey withTtl(Record r) {
    return new RecordKey(r.toWireCanonical());
  }

  /** Name, type, class and data: the identity of a resource record within an RRset. */
  static RecordKey withoutTtl(Record r) {
    byte[] wire = r.toWireCanonical();
    // Canonical form: owner name, then type (2), class (2), TTL (4); names are uncompressed.
    int ttl = r.getName().length() + 4;
    Arrays.fill(wire, ttl, ttl + 4, (byte) 0);
    return new RecordKey(wire);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordKey && Arrays.equals(wire, ((RecordKey) o).wire);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
