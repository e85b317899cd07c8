// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.dnsagent.spi.BackendException.Kind;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * Asks a backend's server by DNS which SOA it serves for a zone ({@link SoaQuery}), so the agent
 * learns what is actually served rather than what was written. Signed with a TSIG key when one is
 * configured (a BIND view, for example); the reply must then verify. Shared by every backend whose
 * server answers DNS.
 */
public final class ServedSoaProbe {
  private final InetSocketAddress destination;
  private final Duration timeout;
  private final Optional<TsigKeySpec> key;

  public ServedSoaProbe(
      InetSocketAddress destination, Duration timeout, Optional<TsigKeySpec> key) {
    this.destination = requireNonNull(destination, "destination is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.key = requireNonNull(key, "key is null");
  }

  /**
   * The SOA served for the zone, or empty if the server answers that it does not serve it (REFUSED,
   * NOTAUTH, NXDOMAIN, SERVFAIL for a zone that failed to load, or an answer without the zone's own
   * SOA).
   *
   * @throws BackendException {@link Kind#UNAVAILABLE} if the server does not answer in time (or
   *     with a reply that does not verify)
   */
  public Optional<SOARecord> find(Name zone) throws BackendException {
    try {
      return SoaQuery.to(destination).timeout(timeout).key(key).ask(zone).servedSoa();
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE,
          "SOA query for " + zone + " to " + HostPort.format(destination) + " failed: " + e,
          e);
    }
  }

  /**
   * Waits until the server serves {@code serial} (or a later one) for the zone, asking again after
   * 1, 2, 4 ... up to 50 ms. Servers load a zone after answering the command that added or reloaded
   * it; until they do, a NOTIFY would find the old serial and transfer the same version again.
   *
   * @param server the server's name in the error ("named", "knotd")
   * @param hint what to look at when it did not, appended to the error
   * @throws BackendException {@link Kind#UNAVAILABLE} if it does not within {@code timeout}
   */
  public void awaitSerial(Name zone, long serial, Duration timeout, String server, String hint)
      throws BackendException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 1;
    while (true) {
      Optional<SOARecord> soa = find(zone);
      if (soa.isPresent() && Serial.compare(soa.get().getSerial(), serial) >= 0) {
        return;
      }
      if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            server
                + " did not serve serial "
                + serial
                + " of "
                + zone
                + " within "
                + Durations.seconds(timeout)
                + " (serves "
                + soa.map(s -> Long.toString(s.getSerial())).orElse("nothing")
                + "); "
                + hint);
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, "interrupted while waiting for " + zone, e);
      }
      pauseMillis = Math.min(50, pauseMillis * 2);
    }
  }
}
