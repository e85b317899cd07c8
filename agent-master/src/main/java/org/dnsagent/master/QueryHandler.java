// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.net.InetAddress;
import org.dnsagent.spi.AddressAcl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one request into its response(s): TSIG checks, then SOA and other lookups, AXFR and IXFR.
 * Stateless apart from the store it reads, so any number of server threads can share it.
 */
final class QueryHandler {
  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

  /** Largest UDP response we send; avoids IP fragmentation (DNS flag day 2020). */
  private static final int MAX_UDP_PAYLOAD = 1232;

  private final ZoneStore store;
  private final TsigKeyRing keys;
  private final boolean requireTsig;
  private final MasterEvents events;
  private final AddressAcl allowed;

  /**
   * @param allowed the clients answered; others get REFUSED. Null answers everyone.
   */
  QueryHandler(
      ZoneStore store,
      TsigKeyRing keys,
      boolean requireTsig,
      MasterEvents events,
      AddressAcl allowed) {
    this.store = store;
    this.keys = keys;
    this.requireTsig = requireTsig;
    this.events = events;
    this.allowed = allowed;
  }

  /**
   * Handles one request. Sends nothing for packets without a DNS header and for responses (QR set),
   * FORMERR for requests that do not parse.
   */
  void handle(byte[] wire, InetAddress client, boolean tcp, ResponseSink sink) throws IOException {
    Header header;
    try {
      header = new Header(wire);
    } catch (IOException e) {
      return;
    }
    if (header.getFlag(Flags.QR)) {
      return;
    }
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      log.debug("malformed request id {}: {}", header.getID(), e.toString());
      sink.send(formErr(header));
      return;
    }
    TsigKeyRing.Verdict tsig = keys.verify(query, wire);
    if (tsig.failed()) {
      log.info(
          "TSIG check failed on query {}: {}", query.getQuestion(), Rcode.TSIGstring(tsig.error()));
      send(error(query, Rcode.NOTAUTH), query, tsig, tcp, sink);
      return;
    }
    if (allowed != null && !allowed.allows(client)) {
      log.debug("refused {} from {}: not in the allow list", query.getQuestion(), client);
      events.queryRefused(query.getQuestion(), client);
      send(error(query, Rcode.REFUSED), query, tsig, tcp, sink);
      return;
    }
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      send(error(query, Rcode.NOTIMP), query, tsig, tcp, sink);
      return;
    }
    if (query.getHeader().getCount(Section.QUESTION) != 1) {
      send(error(query, Rcode.FORMERR), query, tsig, tcp, sink);
      return;
    }
    answer(query, client, tsig, tcp, sink);
  }

  private void answer(
      Message query, InetAddress client, TsigKeyRing.Verdict tsig, boolean tcp, ResponseSink sink)
      throws IOException {
    Record question = query.getQuestion();
    Name qname = question.getName();
    int qtype = question.getType();
    LoadedZone zone = store.findFor(qname);
    boolean transfer = qtype == Type.AXFR || qtype == Type.IXFR;
    if (zone == null
        || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)
        || (transfer && !qname.equals(zone.origin()))) {
      send(error(query, Rcode.REFUSED), query, tsig, tcp, sink);
      return;
    }
    boolean needsTsig = transfer || qtype == Type.SOA;
    if (requireTsig && needsTsig && !tsig.signed()) {
      log.info("refused unsigned {} query for {}", Type.string(qtype), qname);
      send(error(query, Rcode.REFUSED), query, tsig, tcp, sink);
      return;
    }
    if (qtype == Type.AXFR) {
      if (!tcp) {
        send(error(query, Rcode.NOTIMP), query, tsig, false, sink);
        return;
      }
      log.debug("AXFR of {} serial {}", zone.origin(), zone.serial());
      TransferResponder.axfr(query, zone, tsig, sink);
      events.transferSent(zone.origin(), zone.serial(), false, client);
    } else if (qtype == Type.IXFR) {
      ixfr(query, client, zone, tsig, tcp, sink);
    } else if (!Type.isRR(qtype) && qtype != Type.ANY) {
      send(error(query, Rcode.NOTIMP), query, tsig, tcp, sink);
    } else {
      Message response = reply(query);
      ZoneLookup.answer(zone, qname, qtype, response);
      send(response, query, tsig, tcp, sink);
    }
  }

  private void ixfr(
      Message query,
      InetAddress client,
      LoadedZone zone,
      TsigKeyRing.Verdict tsig,
      boolean tcp,
      ResponseSink sink)
      throws IOException {
    SOARecord clientSoa = null;
    for (Record r : query.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord && r.getName().equals(zone.origin())) {
        clientSoa = (SOARecord) r;
      }
    }
    if (clientSoa == null) {
      send(error(query, Rcode.FORMERR), query, tsig, tcp, sink);
      return;
    }
    if (!tcp) {
      // RFC 1995 section 2: over UDP, only the current SOA; the client retries over TCP.
      Message response = reply(query);
      response.getHeader().setFlag(Flags.AA);
      response.addRecord(zone.soa(), Section.ANSWER);
      send(response, query, tsig, false, sink);
      return;
    }
    log.debug("IXFR of {} from {} to {}", zone.origin(), clientSoa.getSerial(), zone.serial());
    TransferResponder.IxfrAnswer answer =
        TransferResponder.ixfr(query, zone, clientSoa.getSerial(), tsig, sink);
    if (answer != TransferResponder.IxfrAnswer.CURRENT) {
      events.transferSent(
          zone.origin(), zone.serial(), answer == TransferResponder.IxfrAnswer.INCREMENTAL, client);
    }
  }

  /** An empty response echoing the query's id, opcode, RD flag and question. */
  private static Message reply(Message query) {
    Message response = new Message(query.getHeader().getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    return response;
  }

  private static Message error(Message query, int rcode) {
    Message response = reply(query);
    response.getHeader().setRcode(rcode);
    return response;
  }

  private static byte[] formErr(Header query) {
    Message response = new Message(query.getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setOpcode(query.getOpcode());
    response.getHeader().setRcode(Rcode.FORMERR);
    return response.toWire();
  }

  private static void send(
      Message response, Message query, TsigKeyRing.Verdict tsig, boolean tcp, ResponseSink sink)
      throws IOException {
    int maxLength = Message.MAXLENGTH;
    OPTRecord opt = query.getOPT();
    if (!tcp) {
      maxLength =
          opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
    }
    if (opt != null) {
      response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    tsig.sign(response);
    sink.send(response.toWire(maxLength));
  }
}
