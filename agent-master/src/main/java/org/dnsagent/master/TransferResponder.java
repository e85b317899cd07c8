// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TSIG;

/**
 * Streams zone transfers over TCP (RFC 5936 AXFR, RFC 1995 IXFR) as a series of messages of bounded
 * size; with TSIG, every message is signed (RFC 8945 5.3.1).
 */
final class TransferResponder {
  /** Messages are closed once their uncompressed records reach this size. */
  static final int MESSAGE_TARGET_BYTES = 16 * 1024;

  private TransferResponder() {}

  /** AXFR: the SOA, every record, the SOA again. */
  static void axfr(Message query, LoadedZone zone, TsigKeyRing.Verdict tsig, ResponseSink sink)
      throws IOException {
    Packer out = new Packer(query, tsig, sink);
    writeFull(out, zone);
    out.finish();
  }

  /** What an IXFR request was answered with. */
  enum IxfrAnswer {
    /** The SOA alone: the client is current. */
    CURRENT,
    /** The differences since the client's serial. */
    INCREMENTAL,
    /** The whole zone, AXFR-style. */
    FULL
  }

  /**
   * IXFR: only the SOA if the client is current; the differences if they are all still held;
   * otherwise the whole zone, AXFR-style (RFC 1995 section 4).
   */
  static IxfrAnswer ixfr(
      Message query,
      LoadedZone zone,
      long clientSerial,
      TsigKeyRing.Verdict tsig,
      ResponseSink sink)
      throws IOException {
    Packer out = new Packer(query, tsig, sink);
    Optional<List<ZoneDiff>> diffs = zone.diffsSince(clientSerial);
    IxfrAnswer answer;
    if (Serial.compare(clientSerial, zone.serial()) >= 0) {
      out.add(zone.soa());
      answer = IxfrAnswer.CURRENT;
    } else if (diffs.isPresent()) {
      out.add(zone.soa());
      for (ZoneDiff diff : diffs.get()) {
        out.add(diff.fromSoa());
        out.addAll(diff.deleted());
        out.add(diff.toSoa());
        out.addAll(diff.added());
      }
      out.add(zone.soa());
      answer = IxfrAnswer.INCREMENTAL;
    } else {
      writeFull(out, zone);
      answer = IxfrAnswer.FULL;
    }
    out.finish();
    return answer;
  }

  private static void writeFull(Packer out, LoadedZone zone) throws IOException {
    out.add(zone.soa());
    out.addAll(zone.records());
    out.add(zone.soa());
  }

  /** Packs records into messages and sends each one as it fills up. */
  private static final class Packer {
    private final Message query;
    private final TSIG.StreamGenerator signer;
    private final ResponseSink sink;
    private Message current;
    private int currentBytes;
    private boolean first = true;

    Packer(Message query, TsigKeyRing.Verdict tsig, ResponseSink sink) {
      this.query = query;
      this.signer =
          tsig.key() == null ? null : new TSIG.StreamGenerator(tsig.key(), tsig.queryTsig());
      this.sink = sink;
    }

    void add(Record r) throws IOException {
      // Uncompressed size: an upper bound of what the record takes in the message.
      int size = r.toWire(Section.ANSWER).length;
      if (current != null && currentBytes + size > MESSAGE_TARGET_BYTES) {
        flush();
      }
      if (current == null) {
        current = newMessage();
        currentBytes = 0;
      }
      current.addRecord(r, Section.ANSWER);
      currentBytes += size;
    }

    void addAll(List<Record> records) throws IOException {
      for (Record r : records) {
        add(r);
      }
    }

    void finish() throws IOException {
      if (current != null) {
        flush();
      }
    }

    private Message newMessage() {
      Message m = new Message(query.getHeader().getID());
      m.getHeader().setFlag(Flags.QR);
      m.getHeader().setFlag(Flags.AA);
      if (first) {
        // RFC 5936 2.2.1: the question goes in the first message only.
        m.addRecord(query.getQuestion(), Section.QUESTION);
        first = false;
      }
      return m;
    }

    private void flush() throws IOException {
      if (signer != null) {
        signer.generate(current);
      }
      sink.send(current.toWire());
      current = null;
    }
  }
}
