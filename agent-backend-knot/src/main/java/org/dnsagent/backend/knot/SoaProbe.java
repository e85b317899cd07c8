// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.DnsExchange;
import org.dnsagent.spi.HostPort;
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

/** Asks knotd by DNS which SOA it serves for a zone: what is served, not what was written. */
final class SoaProbe {
  private final InetSocketAddress destination;
  private final SimpleResolver resolver;

  SoaProbe(InetSocketAddress destination, Duration timeout) {
    this.destination = requireNonNull(destination, "destination is null");
    this.resolver = new SimpleResolver(destination);
    resolver.setTimeout(requireNonNull(timeout, "timeout is null"));
  }

  /**
   * The SOA served for the zone, or empty if knotd answers that it does not serve it (REFUSED,
   * NOTAUTH, SERVFAIL for a zone not loaded, or an answer without the zone's own SOA).
   *
   * @throws BackendException {@link Kind#UNAVAILABLE} if knotd does not answer in time
   */
  Optional<SOARecord> find(Name zone) throws BackendException {
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    Message response;
    try {
      response = DnsExchange.send(resolver, query);
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE,
          "SOA query for " + zone + " to " + HostPort.format(destination) + " failed: " + e,
          e);
    }
    if (response.getRcode() != Rcode.NOERROR || !response.getHeader().getFlag(Flags.AA)) {
      return Optional.empty();
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return Optional.of(soa);
      }
    }
    return Optional.empty();
  }
}
