// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

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

/**
 * Asks NSD by DNS which SOA it serves for a zone: what is served, not what was written. A query
 * that NSD's old server process read just before a reload told it to quit is never answered, so
 * each query waits at most {@link #TRY_TIMEOUT} and is sent again, up to the whole timeout.
 */
final class SoaProbe {
  static final Duration TRY_TIMEOUT = Duration.ofMillis(250);

  private final InetSocketAddress destination;
  private final SimpleResolver resolver;
  private final int attempts;

  SoaProbe(InetSocketAddress destination, Duration timeout) {
    this.destination = requireNonNull(destination, "destination is null");
    this.resolver = new SimpleResolver(destination);
    Duration perTry = timeout.compareTo(TRY_TIMEOUT) < 0 ? timeout : TRY_TIMEOUT;
    resolver.setTimeout(perTry);
    this.attempts = (int) Math.max(1, timeout.toMillis() / perTry.toMillis());
  }

  /**
   * The SOA served for the zone, or empty if NSD answers without it (REFUSED, SERVFAIL, not
   * authoritative).
   *
   * @throws BackendException {@link Kind#UNAVAILABLE} if NSD does not answer in time
   */
  Optional<SOARecord> find(Name zone) throws BackendException {
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    Message response = null;
    IOException last = null;
    for (int i = 0; i < attempts && response == null; i++) {
      try {
        response = DnsExchange.send(resolver, query.clone());
      } catch (IOException e) {
        last = e;
      }
    }
    if (response == null) {
      throw new BackendException(
          Kind.UNAVAILABLE,
          "SOA query for "
              + zone
              + " to "
              + HostPort.format(destination)
              + " failed "
              + attempts
              + " times: "
              + last,
          last);
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
