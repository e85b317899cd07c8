// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Real DNS queries to check what a server serves (no recursion asked, 2 s timeout). */
public final class DnsQueries {
  private DnsQueries() {}

  /** Sends one query (signed if {@code key} is given) and returns the response. */
  public static Message query(InetSocketAddress server, Name name, int type, Optional<TSIG> key) {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(2));
    key.ifPresent(resolver::setTSIGKey);
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    try {
      return resolver.send(query);
    } catch (IOException e) {
      throw new UncheckedIOException("query " + name + " " + Type.string(type) + " failed", e);
    }
  }

  public static Message query(InetSocketAddress server, Name name, int type) {
    return query(server, name, type, Optional.empty());
  }

  /**
   * The serial of the SOA the server serves with authority for {@code zone}, or empty when it does
   * not serve the zone (REFUSED, NXDOMAIN, SERVFAIL, no authoritative SOA answer).
   */
  public static OptionalLong servedSerial(InetSocketAddress server, Name zone) {
    Message m = query(server, zone, Type.SOA);
    if (m.getRcode() != Rcode.NOERROR || !m.getHeader().getFlag(Flags.AA)) {
      return OptionalLong.empty();
    }
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return OptionalLong.of(soa.getSerial());
      }
    }
    return OptionalLong.empty();
  }

  /** The address of the first A record in the answer, or empty. */
  public static Optional<String> firstA(Message response) {
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        return Optional.of(a.getAddress().getHostAddress());
      }
    }
    return Optional.empty();
  }

  /** The first string of the first TXT record in the answer, or empty. */
  public static Optional<String> firstTxt(Message response) {
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof TXTRecord txt && !txt.getStrings().isEmpty()) {
        return Optional.of(txt.getStrings().get(0));
      }
    }
    return Optional.empty();
  }
}
