// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.dnsagent.spi.DnsExchange;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One SOA query, as Designate's {@code dnsutils.get_serial} sends it (RD set, no EDNS), optionally
 * signed; a signed query only counts when the reply verifies with the same key.
 */
final class SoaProbe {
  /** A usable answer: the served serial, or empty when the server does not serve the zone. */
  record Answer(OptionalLong serial, String detail) {}

  private final Duration timeout;
  private final boolean tcp;

  SoaProbe(Duration timeout, boolean tcp) {
    this.timeout = timeout;
    this.tcp = tcp;
  }

  /**
   * @throws IOException when no usable answer came: timeout, network error, mismatched or
   *     unverifiable reply
   */
  Answer query(String host, int port, Name zone, Optional<PoolTsigKey> key) throws IOException {
    InetSocketAddress address = Endpoints.resolve(host, port);
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(timeout);
    resolver.setTCP(tcp);
    resolver.setEDNS(-1);
    key.ifPresent(k -> resolver.setTSIGKey(k.toTsig()));
    Message reply =
        DnsExchange.send(resolver, Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN)));
    String rcode = Rcode.string(reply.getRcode());
    if (reply.getTSIG() != null && reply.getTSIG().getError() != Rcode.NOERROR) {
      rcode += " (" + Rcode.TSIGstring(reply.getTSIG().getError()) + ")";
    }
    if (key.isPresent() && !reply.isVerified()) {
      throw new IOException(rcode + ", reply not signed with key " + key.get().name());
    }
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return new Answer(OptionalLong.of(soa.getSerial()), "serial " + soa.getSerial());
      }
    }
    // Designate's get_serial reads any answer without an SOA as "no zone" (serial 0).
    return new Answer(OptionalLong.empty(), rcode + ", no SOA");
  }
}
