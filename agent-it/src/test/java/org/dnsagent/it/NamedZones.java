// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dnsagent.testing.servers.NamedServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** What a real named serves, asked over DNS: the zone's SOA and the TXT naming its serial. */
final class NamedZones implements ServedZones {
  private final NamedServer named;
  private final long serial;

  NamedZones(NamedServer named, long serial) {
    this.named = named;
    this.serial = serial;
  }

  /** The agent's {@code backend_driver = bind9} settings for this named. */
  static String agentSettings(NamedServer named) {
    return "backend_driver = bind9\n[backend:agent:bind9]\nrndc_host = 127.0.0.1\nrndc_port = "
        + named.rndcPort()
        + "\nrndc_key_file = "
        + named.keyFile()
        + "\nrndc_timeout = 3s\nquery_destination = 127.0.0.1:"
        + named.dnsPort()
        + "\nquery_timeout = 1s\n";
  }

  @Override
  public boolean present(Name zone) throws IOException {
    return soa(zone).isPresent();
  }

  @Override
  public Optional<String> problem(Name zone) throws IOException {
    Optional<SOARecord> soa = soa(zone);
    if (soa.isEmpty()) {
      return Optional.of(zone + ": not served by named");
    }
    if (soa.get().getSerial() != serial) {
      return Optional.of(zone + ": named serves serial " + soa.get().getSerial());
    }
    Message txt = query(Name.fromConstantString("serial." + zone), Type.TXT);
    List<Record> answer = txt.getSection(Section.ANSWER);
    if (answer.isEmpty()
        || !((TXTRecord) answer.get(0)).getStrings().equals(List.of("serial " + serial))) {
      return Optional.of(zone + ": named serves other data: " + answer);
    }
    return Optional.empty();
  }

  Optional<SOARecord> soa(Name zone) throws IOException {
    Message reply = query(zone, Type.SOA);
    if (reply.getRcode() != Rcode.NOERROR) {
      return Optional.empty();
    }
    return reply.getSection(Section.ANSWER).stream()
        .filter(r -> r instanceof SOARecord)
        .map(r -> (SOARecord) r)
        .findFirst();
  }

  private Message query(Name name, int type) throws IOException {
    SimpleResolver resolver = new SimpleResolver(named.dnsAddress());
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
  }
}
