// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.dnsagent.testing.TestZones.name;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** DNS queries and zone content for the tests. */
final class Queries {
  private Queries() {}

  static List<Record> records(Name zone, long serial, String address) throws IOException {
    List<Record> records = new ArrayList<>();
    Name ns = new Name("ns1", zone);
    records.add(
        new SOARecord(
            zone, DClass.IN, 300, ns, name("hostmaster." + zone), serial, 60, 60, 600, 60));
    records.add(new NSRecord(zone, DClass.IN, 300, ns));
    records.add(new ARecord(ns, DClass.IN, 300, InetAddress.getByName("127.0.0.1")));
    records.add(new ARecord(new Name("www", zone), DClass.IN, 300, InetAddress.getByName(address)));
    return records;
  }

  /**
   * One query, sent again when unanswered: NSD's old server processes drop the queries they read
   * just before a reload makes them quit.
   */
  static Message query(InetSocketAddress server, Name qname, int type) throws IOException {
    SimpleResolver resolver = new SimpleResolver(server);
    resolver.setTimeout(Duration.ofMillis(1500));
    IOException last = null;
    for (int i = 0; i < 4; i++) {
      try {
        return resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  static Optional<String> firstA(Message m) {
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        return Optional.of(a.getAddress().getHostAddress());
      }
    }
    return Optional.empty();
  }

  static SOARecord soa(Message m) {
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    throw new AssertionError("no SOA in the answer: rcode " + m.getRcode());
  }

  interface ZoneAction {
    void run(Name zone) throws Exception;
  }

  /** Runs the action for every zone on {@code threads} threads, as the agent's workers would. */
  static void inParallel(List<Name> zones, int threads, ZoneAction action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Name z : zones) {
        futures.add(
            pool.submit(
                () -> {
                  action.run(z);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
