// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * Transfers one zone from one master over one blocking TCP connection (RFC 5936 AXFR, RFC 1995 IXFR
 * with fallback to AXFR, RFC 8945 TSIG on every message a master signs), collecting an AXFR in a
 * {@link SpooledZone} (in memory while small, streamed to a spool file beyond) and folding an IXFR
 * into net changes, within {@link TransferLimits}. A transfer that fails or exceeds a limit leaves
 * nothing behind (RFC 5936 §6: a partial zone is never used).
 *
 * <p>The socket's own timeouts enforce the limits on time: {@code transfer_connect_timeout} until
 * the first message, {@code transfer_idle_timeout} between messages, {@code transfer_timeout} in
 * all. Unlike dnsjava's {@code ZoneTransferIn}, which this replaces, it needs no selector per
 * transfer and no watchdog thread: most transfers are of small zones, and for them those cost more
 * than the transfer.
 */
final class ZoneTransferClient {
  /** Answers meaning that the master does not have the zone: no point retrying. */
  private static final Set<Integer> ABSENT = Set.of(Rcode.REFUSED, Rcode.NOTAUTH, Rcode.NXDOMAIN);

  private final TransferLimits limits;
  private final Duration handshakeTimeout;
  private final Optional<InetAddress> source;
  private final Path spoolDirectory;
  private final TransferObserver observer;

  /**
   * @param handshakeTimeout bound on the TCP handshake alone (the SOA query's timeout), so that an
   *     unreachable master is given up as quickly as one that does not answer its SOA query
   */
  ZoneTransferClient(
      TransferLimits limits,
      Duration handshakeTimeout,
      Optional<InetAddress> source,
      Path spoolDirectory,
      TransferObserver observer) {
    this.observer = observer;
    this.limits = limits;
    this.handshakeTimeout = handshakeTimeout;
    this.source = source;
    this.spoolDirectory = spoolDirectory;
  }

  /** The master answered the transfer request with an error rcode. */
  static final class RefusedException extends TransferException {
    private static final long serialVersionUID = 1L;

    private final int rcode;

    RefusedException(String message, int rcode) {
      super(message, !ABSENT.contains(rcode));
      this.rcode = rcode;
    }

    int rcode() {
      return rcode;
    }
  }

  /**
   * Transfers {@code zone}: IXFR from {@code current}'s serial when given, else AXFR.
   *
   * @throws TransferException on any failure; nothing partial is returned
   */
  TransferResult transfer(Name zone, MasterServer master, Optional<SOARecord> current)
      throws TransferException {
    Exchange x = new Exchange(zone, master, current);
    String asked = current.isPresent() ? "ixfr" : "axfr";
    TransferResult result = null;
    try {
      result = x.run();
      return result;
    } catch (SocketTimeoutException e) {
      throw new TransferException(
          "transfer of " + zone + " from " + master + " aborted: " + x.timeoutReason(), true, e);
    } catch (IOException e) {
      throw new TransferException(
          "transfer of " + zone + " from " + master + " failed: " + describe(e), true, e);
    } finally {
      x.discard();
      observer.transfer(
          result instanceof TransferResult.Full ? "axfr" : result == null ? asked : "ixfr",
          result != null,
          x.bytes);
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One transfer: the connection and the time limits; the parser has the rest. */
  private final class Exchange {
    private final MasterServer master;
    private final long start = System.nanoTime();
    private final TransferParser parser;
    private String timeoutReason = "timed out";
    private long bytes;

    Exchange(Name zone, MasterServer master, Optional<SOARecord> current) {
      this.master = master;
      this.parser =
          new TransferParser(
              zone, master.toString(), current.map(SOARecord::getSerial), limits, spoolDirectory);
    }

    String timeoutReason() {
      return timeoutReason;
    }

    TransferResult run() throws IOException, TransferException {
      try (SocketChannel channel = SocketChannel.open()) {
        if (source.isPresent()) {
          channel.bind(new InetSocketAddress(source.get(), 0));
        }
        Socket socket = channel.socket();
        socket.setTcpNoDelay(true);
        Duration handshake =
            handshakeTimeout.compareTo(limits.connectTimeout()) < 0
                ? handshakeTimeout
                : limits.connectTimeout();
        timeoutReason = "cannot connect within " + handshake.toMillis() + " ms";
        socket.connect(master.address(), millis(handshake));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        TSIG tsig = master.key().map(k -> k.toTsig()).orElse(null);
        send(channel, parser.nextQuery(tsig));
        TransferParser.Next next = TransferParser.Next.MORE;
        while (next != TransferParser.Next.DONE) {
          next = parser.accept(receive(socket, in));
          if (next == TransferParser.Next.ASK_AGAIN) {
            // IXFR not served: AXFR on the same connection, as RFC 1995 allows
            send(channel, parser.nextQuery(tsig));
          }
        }
      }
      return parser.result();
    }

    private void send(SocketChannel channel, byte[] wire) throws IOException {
      ByteBuffer framed = ByteBuffer.allocate(wire.length + 2);
      framed.putShort((short) wire.length).put(wire).flip();
      while (framed.hasRemaining()) {
        channel.write(framed);
      }
    }

    /** One length-prefixed message, within what is left of the time limits. */
    private byte[] receive(Socket socket, DataInputStream in) throws IOException {
      boolean first = parser.awaitingFirstMessage();
      Duration wait = first ? limits.connectTimeout() : limits.idleTimeout();
      long left = limits.totalTimeout().toNanos() - (System.nanoTime() - start);
      if (left <= 0) {
        timeoutReason = "not complete within " + limits.totalTimeout().toMillis() + " ms";
        throw new SocketTimeoutException();
      }
      if (left < wait.toNanos()) {
        timeoutReason = "not complete within " + limits.totalTimeout().toMillis() + " ms";
        wait = Duration.ofNanos(left);
      } else {
        timeoutReason =
            first
                ? "no answer within " + wait.toMillis() + " ms"
                : "stalled for " + wait.toMillis() + " ms";
      }
      socket.setSoTimeout(millis(wait));
      int length;
      try {
        length = in.readUnsignedShort();
      } catch (EOFException e) {
        throw new EOFException(
            "the master closed the connection after " + parser.records() + " records");
      }
      byte[] wire = new byte[length];
      in.readFully(wire);
      bytes += length;
      return wire;
    }

    void discard() {
      parser.close();
    }
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
