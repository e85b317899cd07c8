// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.dnsagent.spi.SoaQuery;
import org.xbill.DNS.Name;

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
    SoaQuery query =
        SoaQuery.to(Endpoints.resolve(host, port))
            .timeout(timeout)
            .tcp(tcp)
            .edns(false)
            .recursionDesired(true);
    key.ifPresent(k -> query.key(k.toTsig(), k.name()));
    SoaQuery.Answer reply = query.ask(zone);
    if (reply.soa().isPresent()) {
      long serial = reply.soa().get().getSerial();
      return new Answer(OptionalLong.of(serial), "serial " + serial);
    }
    // Designate's get_serial reads any answer without an SOA as "no zone" (serial 0).
    return new Answer(OptionalLong.empty(), reply.describe() + ", no SOA");
  }
}
