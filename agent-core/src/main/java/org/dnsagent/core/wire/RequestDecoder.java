// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.DesignateCodes;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns the bytes of one request into an {@link AgentRequest}, or into the error reply the RFCs and
 * Designate call for. Checks follow dnsjava's jnamed: header, QR, opcode, question. The request is
 * parsed once; later stages work on the parsed {@link Message}.
 */
public final class RequestDecoder {

  /** Decodes one request. Never throws on bad input. */
  public Decoded decode(byte[] wire) {
    if (wire.length < Header.LENGTH) {
      return new Decoded.Dropped("shorter than a DNS header (" + wire.length + " bytes)");
    }
    Header header;
    try {
      header = new Header(Arrays.copyOf(wire, Header.LENGTH));
    } catch (IOException e) {
      return new Decoded.Dropped("unreadable header");
    }
    if (header.getFlag(Flags.QR)) {
      // Answering a response could start a reply loop with another server; ignore it.
      return new Decoded.Dropped("a response (QR set), not a request");
    }
    Message message;
    try {
      message = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return new Decoded.Rejected(
          null, Replies.fromHeader(header, Rcode.FORMERR), "malformed: " + e.getMessage());
    }
    if (header.getRcode() != Rcode.NOERROR) {
      return reject(message, Rcode.FORMERR, "request carries rcode " + header.getRcode());
    }
    OPTRecord opt = message.getOPT();
    if (opt != null && opt.getVersion() != 0) {
      return reject(message, Rcode.BADVERS, "EDNS version " + opt.getVersion());
    }
    int opcode = header.getOpcode();
    if (opcode == Opcode.IQUERY || opcode == Opcode.STATUS || opcode == Opcode.UPDATE) {
      return reject(message, Rcode.REFUSED, "opcode " + Opcode.string(opcode) + " not served");
    }
    if (opcode != Opcode.QUERY && opcode != Opcode.NOTIFY && opcode != DesignateCodes.OPCODE_CC) {
      return reject(message, Rcode.NOTIMP, "opcode " + opcode + " not implemented");
    }
    List<Record> questions = message.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      return reject(message, Rcode.FORMERR, questions.size() + " questions; exactly 1 expected");
    }
    Record question = questions.get(0);
    int type = question.getType();
    int dclass = question.getDClass();
    if (opcode == DesignateCodes.OPCODE_CC) {
      if (dclass != DesignateCodes.CLASS_CC) {
        return reject(message, Rcode.REFUSED, "control message with class " + dclass);
      }
      if (type == DesignateCodes.TYPE_CREATE) {
        return new Decoded.Request(message, new AgentRequest.Create(question.getName()));
      }
      if (type == DesignateCodes.TYPE_DELETE) {
        return new Decoded.Request(message, new AgentRequest.Delete(question.getName()));
      }
      return reject(message, Rcode.REFUSED, "control message with type " + type);
    }
    if (opcode == Opcode.NOTIFY) {
      if (dclass != DClass.IN) {
        return reject(message, Rcode.REFUSED, "NOTIFY for class " + DClass.string(dclass));
      }
      if (type != Type.SOA) {
        return reject(message, Rcode.NOTIMP, "NOTIFY for type " + Type.string(type));
      }
      return new Decoded.Request(
          message, new AgentRequest.Notify(question.getName(), soaHint(message, question)));
    }
    if (type == Type.SOA && dclass == DClass.IN) {
      return new Decoded.Request(message, new AgentRequest.SoaQuery(question.getName()));
    }
    return reject(
        message, Rcode.REFUSED, "query for " + Type.string(type) + "; only SOA is answered");
  }

  private static Optional<SOARecord> soaHint(Message message, Record question) {
    for (Record r : message.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(question.getName())) {
        return Optional.of(soa);
      }
    }
    return Optional.empty();
  }

  private static Decoded reject(Message message, int rcode, String reason) {
    return new Decoded.Rejected(message, Replies.to(message, rcode, false), reason);
  }
}
