// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One row of PowerDNS's {@code records} table as the agent writes it: the owner in lower case
 * without the trailing dot, the type's mnemonic, the data in presentation format (names absolute,
 * with their dot), and {@code auth} false for delegations and glue, as {@code pdnsutil
 * rectify-zone} sets it.
 */
record RecordRow(String name, String type, String content, long ttl, boolean auth) {
  RecordRow {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(content, "content is null");
  }

  /** What identifies a record: a TTL or auth change updates the row, anything else replaces it. */
  record Key(String name, String type, String content) {}

  Key key() {
    return new Key(name, type, content);
  }

  /**
   * @param delegations owners of NS records below the apex: records at or below them are not
   *     authoritative
   */
  static RecordRow of(Record r, Name zone, Set<Name> delegations) {
    return new RecordRow(
        SqlNames.of(r.getName()),
        Type.string(r.getType()),
        r.rdataToString(),
        r.getTTL(),
        isAuth(r.getName(), zone, delegations));
  }

  static boolean isAuth(Name owner, Name zone, Set<Name> delegations) {
    if (delegations.isEmpty() || owner.equals(zone)) {
      return true;
    }
    Name n = owner;
    while (n.labels() > zone.labels()) {
      if (delegations.contains(n)) {
        return false;
      }
      n = new Name(n, 1);
    }
    return true;
  }

  /** The serial in an SOA row's content ({@code mname rname serial refresh ...}). */
  static long serialOf(String soaContent) {
    String[] fields = soaContent.trim().split("\\s+");
    if (fields.length < 3) {
      throw new IllegalArgumentException("not SOA data: " + soaContent);
    }
    return Long.parseLong(fields[2]);
  }
}
