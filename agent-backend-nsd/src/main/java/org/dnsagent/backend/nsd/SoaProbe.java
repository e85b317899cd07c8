// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * each query waits at most {@link #TRY_TIMEOUT} and is sent again, up to the whole timeout. Single
 * questions go over UDP ({@link #find}); the bursts of waiting for zones over TCP ({@link
 * #findOverTcp}), which NSD's response rate limiting leaves alone.
 */
final class SoaProbe {
  static final Duration TRY_TIMEOUT = Duration.ofMillis(250);

  private final InetSocketAddress destination;
  private final SimpleResolver resolver;
  private final int attempts;
  private final Duration perTry;
  private final Duration timeout;

  SoaProbe(InetSocketAddress destination, Duration timeout) {
    this.destination = requireNonNull(destination, "destination is null");
    this.resolver = new SimpleResolver(destination);
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.perTry = timeout.compareTo(TRY_TIMEOUT) < 0 ? timeout : TRY_TIMEOUT;
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
    Message query = query(zone);
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
    return soaOf(zone, response);
  }

  /**
   * Like {@link #find}, over TCP with a new connection per query: for the many probes that wait for
   * a zone to be served or gone ({@code NsdBackend#awaitServed}). NSD's response rate limiting
   * (RRL, built into Debian's nsd: {@code rrl-ratelimit} 200 a second per source /24 by default)
   * counts every REFUSED answer to one source netblock in one bucket, whatever the zone, and beyond
   * it drops UDP answers (one in {@code rrl-slip} comes back truncated). Deleted zones, and zones
   * not loaded yet, are answered REFUSED, so a burst of such probes over UDP was mostly dropped and
   * waited out {@link #TRY_TIMEOUT}. RRL never limits TCP. Each query gets a new connection, taken
   * by whichever NSD server process accepts it as a UDP query is read by whichever reads it, so an
   * old process still answering during a reload is seen as before; a connection it resets as it
   * quits is asked again. Falls back to UDP if NSD refuses TCP connections ({@code do-tcp: no}).
   *
   * @throws BackendException {@link Kind#UNAVAILABLE} if NSD does not answer in time
   */
  Optional<SOARecord> findOverTcp(Name zone) throws BackendException {
    Message query = query(zone);
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    int tries = 0;
    do {
      tries++;
      try {
        return soaOf(zone, exchangeTcp(query));
      } catch (ConnectException refused) {
        return find(zone); // no TCP listener: UDP, with its retries
      } catch (IOException e) {
        last = e; // reset by an old server process as it quit, say: ask again
      }
      NsdBackend.sleep(2, zone);
    } while (System.nanoTime() < deadline);
    throw new BackendException(
        Kind.UNAVAILABLE,
        "SOA query over TCP for "
            + zone
            + " to "
            + HostPort.format(destination)
            + " failed "
            + tries
            + " times: "
            + last,
        last);
  }

  /** One query and its answer on a new TCP connection (RFC 1035 4.2.2 framing). */
  private Message exchangeTcp(Message query) throws IOException {
    int millis = (int) Math.max(1, perTry.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(destination, millis);
      socket.setSoTimeout(millis);
      byte[] wire = query.toWire();
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), wire.length + 2));
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      Message response = new Message(answer);
      if (response.getHeader().getID() != query.getHeader().getID()
          || !query.getQuestion().equals(response.getQuestion())) {
        throw new IOException("the answer over TCP does not match the query");
      }
      // Closed with a reset (no lingering): a closed connection would otherwise hold one of this
      // host's ports in TIME_WAIT for a minute per probe, thousands in a bulk delete. NSD logs a
      // reset only at verbosity 2.
      socket.setSoLinger(true, 0);
      return response;
    }
  }

  private static Message query(Name zone) {
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    return query;
  }

  private static Optional<SOARecord> soaOf(Name zone, Message response) {
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
