// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers ordinary queries from one zone: exact owner and type matches, a CNAME in place of a
 * missing type, referrals below delegations, and NXDOMAIN/NODATA with the SOA for negative caching
 * (RFC 2308). No wildcards, no glue, no DNSSEC processing: this is a test primary.
 */
final class ZoneLookup {
  private ZoneLookup() {}

  /** Fills the answer and authority sections and the rcode of {@code response}. */
  static void answer(LoadedZone zone, Name qname, int qtype, Message response) {
    Name cut = delegationAbove(zone, qname);
    if (cut != null && !(cut.equals(qname) && qtype == Type.DS)) {
      // Below a zone cut the parent is not authoritative: refer to the child's servers.
      for (Record ns : zone.recordsAt(cut)) {
        if (ns.getType() == Type.NS) {
          response.addRecord(ns, Section.AUTHORITY);
        }
      }
      return;
    }
    response.getHeader().setFlag(Flags.AA);
    List<Record> owned = zone.recordsAt(qname);
    boolean found = false;
    for (Record r : owned) {
      if (r.getType() == qtype || qtype == Type.ANY) {
        response.addRecord(r, Section.ANSWER);
        found = true;
      }
    }
    if (!found && qtype != Type.CNAME) {
      for (Record r : owned) {
        if (r.getType() == Type.CNAME) {
          response.addRecord(r, Section.ANSWER);
          found = true;
        }
      }
    }
    if (found) {
      if (qtype == Type.SOA && qname.equals(zone.origin())) {
        addApexNs(zone, response);
      }
      return;
    }
    if (!zone.nameExists(qname)) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    response.addRecord(negativeSoa(zone.soa()), Section.AUTHORITY);
  }

  private static void addApexNs(LoadedZone zone, Message response) {
    for (Record r : zone.recordsAt(zone.origin())) {
      if (r.getType() == Type.NS) {
        response.addRecord(r, Section.AUTHORITY);
      }
    }
  }

  /** The SOA as negative answers carry it: TTL is the lesser of its TTL and MINIMUM. */
  private static Record negativeSoa(SOARecord soa) {
    long ttl = Math.min(soa.getTTL(), soa.getMinimum());
    if (ttl == soa.getTTL()) {
      return soa;
    }
    return new SOARecord(
        soa.getName(),
        soa.getDClass(),
        ttl,
        soa.getHost(),
        soa.getAdmin(),
        soa.getSerial(),
        soa.getRefresh(),
        soa.getRetry(),
        soa.getExpire(),
        soa.getMinimum());
  }

  /** The highest name strictly below the apex, at or above {@code qname}, that has NS records. */
  private static Name delegationAbove(LoadedZone zone, Name qname) {
    int below = qname.labels() - zone.origin().labels();
    for (int strip = below - 1; strip >= 0; strip--) {
      Name n = strip == 0 ? qname : new Name(qname, strip);
      for (Record r : zone.recordsAt(n)) {
        if (r.getType() == Type.NS) {
          return n;
        }
      }
    }
    return null;
  }
}
