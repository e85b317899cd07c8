// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Real DNS queries to a named, optionally signed so that they land in the view matched by the key:
 * what the controller's SOA polls and the resolvers would see.
 */
final class NamedQueries {
  private final SimpleResolver resolver;

  NamedQueries(InetSocketAddress server, Optional<TsigKeySpec> key) {
    resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofSeconds(2));
    key.ifPresent(k -> resolver.setTSIGKey(k.toTsig()));
  }

  NamedQueries(InetSocketAddress server) {
    this(server, Optional.empty());
  }

  Message query(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    try {
      return resolver.send(query);
    } catch (IOException e) {
      throw new UncheckedIOException("query " + name + " " + Type.string(type) + " failed", e);
    }
  }

  /** The rcode of an SOA query for the zone. */
  int soaRcode(Name zone) {
    return query(zone, Type.SOA).getRcode();
  }

  /** The serial named serves authoritatively for the zone, or -1 if it does not serve it. */
  long serial(Name zone) {
    Message reply = query(zone, Type.SOA);
    if (reply.getRcode() != Rcode.NOERROR || !reply.getHeader().getFlag(Flags.AA)) {
      return -1;
    }
    return reply.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof SOARecord && r.getName().equals(zone))
        .mapToLong(r -> ((SOARecord) r).getSerial())
        .findFirst()
        .orElse(-1);
  }

  /** The first A record's address for {@code name}, or empty. */
  Optional<String> address(Name name) {
    return query(name, Type.A).getSection(Section.ANSWER).stream()
        .filter(r -> r.getType() == Type.A)
        .map(Record::rdataToString)
        .findFirst();
  }

  /**
   * Asserts that named answers, for every owner name and type of {@code records}, exactly those
   * records' data, authoritatively.
   */
  void assertServes(List<Record> records) {
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    Map<String, Record> samples = new LinkedHashMap<>();
    for (Record r : records) {
      String key = r.getName() + " " + Type.string(r.getType());
      expected.computeIfAbsent(key, k -> new TreeSet<>()).add(r.rdataToString());
      samples.putIfAbsent(key, r);
    }
    for (Map.Entry<String, Record> e : samples.entrySet()) {
      Record sample = e.getValue();
      Message reply = query(sample.getName(), sample.getType());
      assertEquals(
          Rcode.NOERROR, reply.getRcode(), e.getKey() + ": " + Rcode.string(reply.getRcode()));
      Set<String> served = new TreeSet<>();
      for (Record r : reply.getSection(Section.ANSWER)) {
        if (r.getName().equals(sample.getName()) && r.getType() == sample.getType()) {
          served.add(r.rdataToString());
        }
      }
      assertEquals(expected.get(e.getKey()), served, e.getKey());
    }
  }
}
