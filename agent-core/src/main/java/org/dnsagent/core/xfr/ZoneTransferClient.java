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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.MasterServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

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
  private static final Logger log = LoggerFactory.getLogger(ZoneTransferClient.class);

  /** Answers meaning that the master does not have the zone: no point retrying. */
  private static final Set<Integer> ABSENT = Set.of(Rcode.REFUSED, Rcode.NOTAUTH, Rcode.NXDOMAIN);

  private final TransferLimits limits;
  private final Duration handshakeTimeout;
  private final Optional<InetAddress> source;
  private final Path spoolDirectory;

  /**
   * @param handshakeTimeout bound on the TCP handshake alone (the SOA query's timeout), so that an
   *     unreachable master is given up as quickly as one that does not answer its SOA query
   */
  ZoneTransferClient(
      TransferLimits limits,
      Duration handshakeTimeout,
      Optional<InetAddress> source,
      Path spoolDirectory) {
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
    try {
      return x.run();
    } catch (SocketTimeoutException e) {
      throw new TransferException(
          "transfer of " + zone + " from " + master + " aborted: " + x.timeoutReason(), true, e);
    } catch (IOException e) {
      throw new TransferException(
          "transfer of " + zone + " from " + master + " failed: " + describe(e), true, e);
    } finally {
      x.discard();
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One transfer: the connection, the time limits and the records received so far. */
  private final class Exchange {
    private final Name zone;
    private final MasterServer master;
    private final Optional<SOARecord> current;
    private final long start = System.nanoTime();
    private final Records records;
    private int qtype;
    private int id;
    private TSIG.StreamVerifier verifier;
    private boolean firstMessage = true;
    private String timeoutReason = "timed out";

    Exchange(Name zone, MasterServer master, Optional<SOARecord> current) {
      this.zone = zone;
      this.master = master;
      this.current = current;
      this.qtype = current.isPresent() ? Type.IXFR : Type.AXFR;
      this.records = new Records(zone, current.map(SOARecord::getSerial));
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
        send(channel);
        while (!records.ended()) {
          byte[] wire = receive(socket, in);
          if (handle(wire)) {
            send(channel); // IXFR not served: AXFR on the same connection, as RFC 1995 allows
          }
        }
      }
      return records.result(current);
    }

    private void send(SocketChannel channel) throws IOException {
      Message query = new Message();
      id = ThreadLocalRandom.current().nextInt(0x10000);
      query.getHeader().setID(id);
      query.getHeader().setOpcode(Opcode.QUERY);
      query.addRecord(Record.newRecord(zone, qtype, DClass.IN), Section.QUESTION);
      if (qtype == Type.IXFR) {
        query.addRecord(
            new SOARecord(
                zone, DClass.IN, 0, Name.root, Name.root, current.get().getSerial(), 0, 0, 0, 0),
            Section.AUTHORITY);
      }
      TSIG tsig = master.key().map(k -> k.toTsig()).orElse(null);
      if (tsig != null) {
        tsig.apply(query, null);
        verifier = new TSIG.StreamVerifier(tsig, query.getTSIG());
      }
      byte[] wire = query.toWire(Message.MAXLENGTH);
      ByteBuffer framed = ByteBuffer.allocate(wire.length + 2);
      framed.putShort((short) wire.length).put(wire).flip();
      while (framed.hasRemaining()) {
        channel.write(framed);
      }
    }

    /** One length-prefixed message, within what is left of the time limits. */
    private byte[] receive(Socket socket, DataInputStream in) throws IOException {
      Duration wait = firstMessage ? limits.connectTimeout() : limits.idleTimeout();
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
            firstMessage
                ? "no answer within " + wait.toMillis() + " ms"
                : "stalled for " + wait.toMillis() + " ms";
      }
      socket.setSoTimeout(millis(wait));
      int length;
      try {
        length = in.readUnsignedShort();
      } catch (EOFException e) {
        throw new EOFException(
            "the master closed the connection after " + records.count() + " records");
      }
      byte[] wire = new byte[length];
      in.readFully(wire);
      return wire;
    }

    /**
     * Handles one message of the answer.
     *
     * @return true if the master does not serve IXFR and the request must be sent again as AXFR
     */
    private boolean handle(byte[] wire) throws IOException, TransferException {
      Message response;
      try {
        response = new Message(wire);
      } catch (IOException | RuntimeException e) {
        throw new TransferException(
            "transfer of " + zone + " from " + master + " failed: unreadable message: " + e, true);
      }
      if (response.getHeader().getID() != id) {
        throw failure("answer with id " + response.getHeader().getID() + ", not " + id, true);
      }
      List<Record> answers = response.getSection(Section.ANSWER);
      if (response.getRcode() == Rcode.NOERROR && verifier != null) {
        boolean last = !answers.isEmpty() && answers.get(answers.size() - 1) instanceof SOARecord;
        int error = verifier.verify(response, wire, last);
        if (error != Rcode.NOERROR) {
          String why = verifier.getErrorMessage();
          throw failure(
              "TSIG failure: " + Rcode.TSIGstring(error) + (why != null ? " (" + why + ")" : ""),
              false);
        }
      }
      if (firstMessage) {
        firstMessage = false;
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
          if (qtype == Type.IXFR && rcode == Rcode.NOTIMP) {
            return fallBack();
          }
          throw new RefusedException(
              "transfer of " + zone + " from " + master + " refused: " + Rcode.string(rcode),
              rcode);
        }
        Record question = response.getQuestion();
        if (question != null && question.getType() != qtype) {
          throw failure("invalid question section", true);
        }
        if (answers.isEmpty() && qtype == Type.IXFR) {
          return fallBack();
        }
      }
      for (Record r : answers) {
        records.add(r);
      }
      if (records.ended() && verifier != null && !response.isVerified()) {
        throw failure("TSIG failure: last message must be signed", false);
      }
      return false;
    }

    private boolean fallBack() {
      log.debug("{} does not serve IXFR of {}; asking for AXFR", master, zone);
      qtype = Type.AXFR;
      firstMessage = true;
      records.restartAsAxfr();
      return true;
    }

    private TransferException failure(String reason, boolean retryable) {
      return new TransferException(
          "transfer of " + zone + " from " + master + " refused: " + reason, retryable);
    }

    void discard() {
      records.discard();
    }
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  /**
   * The records of an answer, in order: tells AXFR from IXFR (RFC 1995 §4: an IXFR answer whose
   * second record is not the client's SOA is a whole zone), follows the IXFR sequence of
   * differences, enforces the size limits, and collects the zone or the net differences.
   */
  private final class Records {
    private final Name zone;
    private final Optional<Long> ixfrSerial;
    private boolean ixfrAsked;
    private State state = State.INITIAL_SOA;
    private SOARecord initialSoa;
    private SpooledZone.Writer spool;
    private IxfrAccumulator ixfr;
    private long currentSerial;
    private long received;
    private long outOfZone;

    /** Where in the answer the next record belongs. */
    private enum State {
      INITIAL_SOA,
      FIRST_DATA,
      AXFR,
      IXFR_DELETIONS_SOA,
      IXFR_DELETIONS,
      IXFR_ADDITIONS_SOA,
      IXFR_ADDITIONS,
      END
    }

    Records(Name zone, Optional<Long> ixfrSerial) {
      this.zone = zone;
      this.ixfrSerial = ixfrSerial;
      this.ixfrAsked = ixfrSerial.isPresent();
    }

    void restartAsAxfr() {
      ixfrAsked = false;
      state = State.INITIAL_SOA;
    }

    boolean ended() {
      return state == State.END;
    }

    long count() {
      return received;
    }

    void add(Record r) throws IOException, TransferException {
      if (++received > limits.maxRecords()) {
        throw new TransferException(
            "transfer of "
                + zone
                + " refused: more than "
                + limits.maxRecords()
                + " records (transfer_max_records)",
            false);
      }
      boolean apexSoa = r instanceof SOARecord && r.getName().equals(zone);
      switch (state) {
        case INITIAL_SOA -> {
          if (!apexSoa) {
            throw new TransferException("transfer of " + zone + ": missing initial SOA", true);
          }
          initialSoa = (SOARecord) r;
          boolean current =
              ixfrAsked && Serial.compare(initialSoa.getSerial(), ixfrSerial.get()) <= 0;
          state = current ? State.END : State.FIRST_DATA;
        }
        case FIRST_DATA -> {
          if (ixfrAsked && apexSoa && ((SOARecord) r).getSerial() == ixfrSerial.get()) {
            ixfr = new IxfrAccumulator(zone);
            state = State.IXFR_DELETIONS_SOA;
          } else {
            spool = new SpooledZone.Writer(zone, spoolDirectory);
            spool.write(initialSoa);
            state = State.AXFR;
          }
          add(r, apexSoa);
        }
        default -> add(r, apexSoa);
      }
    }

    /** A record after the answer's first: part of a whole zone, or of a difference. */
    private void add(Record r, boolean apexSoa) throws IOException, TransferException {
      switch (state) {
        case AXFR -> {
          if (apexSoa) {
            state = State.END; // the SOA that ends an AXFR is not part of the zone
          } else {
            addToZone(r);
          }
        }
        case IXFR_DELETIONS_SOA -> {
          ixfr.startDeletes((SOARecord) r);
          state = State.IXFR_DELETIONS;
        }
        case IXFR_DELETIONS -> {
          if (apexSoa) {
            currentSerial = ((SOARecord) r).getSerial();
            ixfr.startAdds((SOARecord) r);
            state = State.IXFR_ADDITIONS;
          } else {
            addToDifference(r);
          }
        }
        case IXFR_ADDITIONS -> {
          if (!apexSoa) {
            addToDifference(r);
          } else if (((SOARecord) r).getSerial() == initialSoa.getSerial()) {
            state = State.END;
          } else if (((SOARecord) r).getSerial() != currentSerial) {
            throw new TransferException(
                "transfer of "
                    + zone
                    + ": IXFR out of sync: expected serial "
                    + currentSerial
                    + ", got "
                    + ((SOARecord) r).getSerial(),
                true);
          } else {
            ixfr.startDeletes((SOARecord) r);
            state = State.IXFR_DELETIONS;
          }
        }
        case END ->
            throw new TransferException(
                "transfer of " + zone + ": data after the closing SOA", true);
        default -> throw new IllegalStateException(state.toString());
      }
    }

    private void addToZone(Record r) throws IOException, TransferException {
      if (!r.getName().subdomain(zone)) {
        outOfZone++;
        return;
      }
      spool.write(r);
      if (spool.bytes() > limits.maxBytes()) {
        throw new TransferException(
            "transfer of "
                + zone
                + " refused: more than "
                + limits.maxBytes()
                + " bytes (transfer_max_bytes)",
            false);
      }
    }

    private void addToDifference(Record r) {
      if (!r.getName().subdomain(zone)) {
        outOfZone++;
        return;
      }
      ixfr.record(r);
    }

    TransferResult result(Optional<SOARecord> current) throws IOException, TransferException {
      if (outOfZone > 0) {
        log.warn("{}: ignored {} records outside the zone", zone, outOfZone);
      }
      if (spool != null) {
        SpooledZone done = spool.finish();
        spool = null;
        return new TransferResult.Full(done);
      }
      if (ixfr != null) {
        return new TransferResult.Incremental(ixfr.result());
      }
      return new TransferResult.UpToDate(current.map(SOARecord::getSerial).orElse(0L));
    }

    void discard() {
      if (spool != null) {
        spool.close();
      }
    }
  }
}
