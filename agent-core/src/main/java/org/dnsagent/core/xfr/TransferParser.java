// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.dnsagent.core.config.TransferLimits;
import org.dnsagent.spi.RecordReader;
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
 * The protocol side of one zone transfer, without the connection: builds the request, then reads
 * the answer message by message (RFC 5936 AXFR; RFC 1995 IXFR, answered incrementally, in full, or
 * not at all; RFC 8945 TSIG on the messages the master signs), enforces the size limits and
 * collects the zone in a {@link SpooledZone} or folds the differences into net changes. {@link
 * ZoneTransferClient} feeds it from a socket; the benchmarks feed it prepared messages. Closing it
 * discards anything collected and not handed out by {@link #result()}. Not thread-safe.
 */
public final class TransferParser implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransferParser.class);

  /** What the caller does after a message. */
  public enum Next {
    /** Read the next message. */
    MORE,
    /** The answer is complete: take the {@link #result()}. */
    DONE,
    /** The master does not serve IXFR: send {@link #nextQuery} (an AXFR) and read again. */
    ASK_AGAIN
  }

  /** Where in the answer the next record belongs. */
  private enum State {
    INITIAL_SOA,
    FIRST_DATA,
    AXFR,
    IXFR_DELETIONS_SOA,
    IXFR_DELETIONS,
    IXFR_ADDITIONS,
    END
  }

  private final Name zone;
  private final String master;
  private final Optional<Long> ixfrSerial;
  private final TransferLimits limits;
  private final Path spoolDirectory;
  private int qtype;
  private int id;
  private TSIG.StreamVerifier verifier;
  private boolean firstMessage = true;
  private State state = State.INITIAL_SOA;
  private SOARecord initialSoa;
  private SpooledZone.Writer spool;
  private IxfrAccumulator ixfr;
  private long currentSerial;
  private long received;
  private final Set<Name> cnames = new HashSet<>();

  /**
   * @param master names the master in error messages
   * @param ixfrSerial the serial served now, to ask for IXFR from; empty asks for AXFR
   */
  public TransferParser(
      Name zone,
      String master,
      Optional<Long> ixfrSerial,
      TransferLimits limits,
      Path spoolDirectory) {
    this.zone = zone;
    this.master = master;
    this.ixfrSerial = ixfrSerial;
    this.limits = limits;
    this.spoolDirectory = spoolDirectory;
    this.qtype = ixfrSerial.isPresent() ? Type.IXFR : Type.AXFR;
  }

  /** The request to send (AXFR, or IXFR from the serial given), signed when {@code tsig} is set. */
  public byte[] nextQuery(TSIG tsig) {
    Message query = new Message();
    id = ThreadLocalRandom.current().nextInt(0x10000);
    query.getHeader().setID(id);
    query.getHeader().setOpcode(Opcode.QUERY);
    query.addRecord(Record.newRecord(zone, qtype, DClass.IN), Section.QUESTION);
    if (qtype == Type.IXFR) {
      query.addRecord(
          new SOARecord(zone, DClass.IN, 0, Name.root, Name.root, ixfrSerial.get(), 0, 0, 0, 0),
          Section.AUTHORITY);
    }
    verifier = null;
    if (tsig != null) {
      tsig.apply(query, null);
      verifier = new TSIG.StreamVerifier(tsig, query.getTSIG());
    }
    return query.toWire(Message.MAXLENGTH);
  }

  /** True until the first message of the answer to the last request has been read. */
  public boolean awaitingFirstMessage() {
    return firstMessage;
  }

  /** Records read so far. */
  public long records() {
    return received;
  }

  /** Reads one message of the answer. */
  public Next accept(byte[] wire) throws IOException, TransferException {
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
    if (!firstMessage && response.getRcode() != Rcode.NOERROR) {
      throw failure(
          "a message in the middle of the answer has rcode " + Rcode.string(response.getRcode()),
          true);
    }
    Record asked = response.getQuestion();
    if (asked != null
        && (!asked.getName().equals(zone)
            || asked.getDClass() != DClass.IN
            || (asked.getType() != qtype && !firstMessage))) {
      throw failure("invalid question section: " + asked, true);
    }
    if (firstMessage) {
      firstMessage = false;
      int rcode = response.getRcode();
      if (rcode != Rcode.NOERROR) {
        if (qtype == Type.IXFR && rcode == Rcode.NOTIMP) {
          return fallBack();
        }
        throw new ZoneTransferClient.RefusedException(
            "transfer of " + zone + " from " + master + " refused: " + Rcode.string(rcode), rcode);
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
      add(r);
    }
    if (state != State.END) {
      return Next.MORE;
    }
    if (verifier != null && !response.isVerified()) {
      throw failure("TSIG failure: last message must be signed", false);
    }
    return Next.DONE;
  }

  private Next fallBack() {
    log.debug("{} does not serve IXFR of {}; asking for AXFR", master, zone);
    qtype = Type.AXFR;
    firstMessage = true;
    state = State.INITIAL_SOA;
    return Next.ASK_AGAIN;
  }

  private TransferException failure(String reason, boolean retryable) {
    return new TransferException(
        "transfer of " + zone + " from " + master + " refused: " + reason, retryable);
  }

  /**
   * One record of the answer. RFC 1995 §4: an answer to IXFR whose second record is the client's
   * SOA is incremental; anything else is the whole zone.
   */
  private void add(Record r) throws IOException, TransferException {
    if (++received > limits.maxRecords()) {
      throw new TransferException(
          "transfer of "
              + zone
              + " refused: more than "
              + limits.maxRecords()
              + " records (transfer_max_records)",
          false);
    }
    if (r.getDClass() != DClass.IN) {
      throw failure(
          "record of class " + DClass.string(r.getDClass()) + " (only IN): " + r.getName(), true);
    }
    if (!r.getName().subdomain(zone)) {
      throw failure("record outside the zone: " + r.getName(), true);
    }
    boolean apexSoa = r instanceof SOARecord && r.getName().equals(zone);
    switch (state) {
      case INITIAL_SOA -> {
        if (!apexSoa) {
          throw new TransferException("transfer of " + zone + ": missing initial SOA", true);
        }
        initialSoa = (SOARecord) r;
        boolean ixfr = qtype == Type.IXFR;
        boolean current = ixfr && Serial.compare(initialSoa.getSerial(), ixfrSerial.get()) <= 0;
        state = current ? State.END : State.FIRST_DATA;
      }
      case FIRST_DATA -> {
        if (qtype == Type.IXFR && apexSoa && ((SOARecord) r).getSerial() == ixfrSerial.get()) {
          ixfr = new IxfrAccumulator(zone);
          state = State.IXFR_DELETIONS_SOA;
        } else {
          spool = new SpooledZone.Writer(zone, spoolDirectory);
          spool.write(initialSoa);
          state = State.AXFR;
        }
        addAfterFirst(r, apexSoa);
      }
      default -> addAfterFirst(r, apexSoa);
    }
  }

  /** A record after the answer's first: part of a whole zone, or of a difference. */
  private void addAfterFirst(Record r, boolean apexSoa) throws IOException, TransferException {
    switch (state) {
      case AXFR -> {
        if (apexSoa) {
          if (!r.equals(initialSoa) || r.getTTL() != initialSoa.getTTL()) {
            throw failure("the closing SOA differs from the first: " + r, true);
          }
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
          throw new TransferException("transfer of " + zone + ": data after the closing SOA", true);
      default -> throw new IllegalStateException(state.toString());
    }
  }

  private void addToZone(Record r) throws IOException, TransferException {
    if (r.getType() == Type.CNAME && !cnames.add(r.getName())) {
      throw failure("more than one CNAME at " + r.getName(), true);
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
    ixfr.record(r);
  }

  /**
   * What the complete answer brought: the zone (close it when done), the differences, or nothing
   * newer than the serial asked from.
   */
  public TransferResult result() throws IOException, TransferException {
    if (state != State.END) {
      throw new IllegalStateException("the transfer of " + zone + " is not complete");
    }
    if (spool != null) {
      SpooledZone done = spool.finish();
      spool = null;
      try {
        checkCnames(done);
      } catch (IOException | TransferException | RuntimeException e) {
        done.close();
        throw e;
      }
      return new TransferResult.Full(done);
    }
    if (ixfr != null) {
      return new TransferResult.Incremental(ixfr.result());
    }
    return new TransferResult.UpToDate(ixfrSerial.orElse(0L));
  }

  /**
   * No other data beside a CNAME (RFC 1034 3.6.2; DNSSEC's RRSIG and NSEC excepted), as a server
   * checks when it loads the zone. A second pass over the zone, made only when it has CNAMEs.
   */
  private void checkCnames(SpooledZone done) throws IOException, TransferException {
    if (cnames.isEmpty()) {
      return;
    }
    try (RecordReader records = done.openRecords()) {
      for (Record r = records.next(); r != null; r = records.next()) {
        int type = r.getType();
        if (type != Type.CNAME
            && type != Type.RRSIG
            && type != Type.NSEC
            && cnames.contains(r.getName())) {
          throw failure("CNAME and other data (" + Type.string(type) + ") at " + r.getName(), true);
        }
      }
    }
  }

  /** Discards what was collected and not handed out. */
  @Override
  public void close() {
    if (spool != null) {
      spool.close();
      spool = null;
    }
  }
}
