// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.dnsagent.spi.Backend;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Bounded polling for the nsd contract tests: until nsd or the backend shows what is expected. */
final class BoundedWaits {
  private BoundedWaits() {}

  /**
   * Queries {@code dns} for the zone's SOA until the reply has {@code rcode} or 10 s pass; returns
   * the last rcode seen.
   */
  static int awaitRcode(InetSocketAddress dns, Name zone, int rcode) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int seen = -1;
    while (System.nanoTime() < deadline) {
      seen = Queries.query(dns, zone, Type.SOA).getRcode();
      if (seen == rcode) {
        return seen;
      }
      Thread.sleep(20);
    }
    return seen;
  }

  /**
   * Asks {@code backend} for the zone's SOA until it has {@code serial} or {@code timeout} passes;
   * returns the last serial seen (-1: none).
   */
  static long awaitSerial(Backend backend, Name zone, long serial, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      seen = backend.findSoa(zone).map(SOARecord::getSerial).orElse(-1L);
      if (seen == serial) {
        return seen;
      }
      Thread.sleep(50);
    }
    return seen;
  }
}
