// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.time.Duration;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ServedSoaProbe;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/** Waiting for pdns_server's own transfer of a secondary zone, for both the SQL and API modes. */
final class SecondaryWait {
  /** Asks pdns_server to transfer a zone now. */
  @FunctionalInterface
  interface Retrieve {
    void run(Name zone) throws BackendException;
  }

  private SecondaryWait() {}

  /**
   * Waits (at most {@code timeout}) until pdns_server serves the zone at {@code serial} or later,
   * asking for the transfer again every second: pdns ignores a retrieval request for a zone whose
   * transfer is already running, which may be one of an older serial.
   */
  static void awaitServed(
      ServedSoaProbe probe, Duration timeout, Name zone, long serial, Retrieve retrieve)
      throws BackendException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long again = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<SOARecord> soa = probe.find(zone);
      if (soa.isPresent() && Serial.compare(soa.get().getSerial(), serial) >= 0) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, "interrupted waiting for " + zone, e);
      }
      if (System.nanoTime() > again) {
        retrieve.run(zone);
        again = System.nanoTime() + 1_000_000_000L;
      }
    }
  }
}
