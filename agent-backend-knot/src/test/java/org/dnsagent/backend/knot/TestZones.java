// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Small zones to provision, and real DNS queries to check what knotd serves. */
final class TestZones {
  private TestZones() {}

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** A zone with SOA, NS, {@code ns A 127.0.0.1}, {@code www A <www>} and a TXT naming it. */
  static ZoneContent zone(Name zone, long serial, String www) {
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
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one query (signed if {@code key} is given) and returns the response. */
  static Message query(InetSocketAddress server, Name name, int type, Optional<TSIG> key) {
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

  static Message query(InetSocketAddress server, Name name, int type) {
    return query(server, name, type, Optional.empty());
  }

  /** The address of the first A record in the answer, or empty. */
  static Optional<String> firstA(Message response) {
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        return Optional.of(a.getAddress().getHostAddress());
      }
    }
    return Optional.empty();
  }
}
