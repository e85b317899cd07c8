// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Builds replies the way Designate's agent (dnspython's {@code make_response}) does: same id and
 * opcode, QR set, RD copied, the question echoed, EDNS echoed when the request had it. AA is set by
 * the caller on success only, which is what Designate's controller checks.
 */
public final class Replies {
  /** UDP payload size advertised when echoing EDNS (RFC 9715's recommended 1232). */
  public static final int EDNS_PAYLOAD = 1232;

  private Replies() {}

  /** A reply to {@code query} with the given rcode (extended rcodes need EDNS in the query). */
  public static Message to(Message query, int rcode, boolean authoritative) {
    Header q = query.getHeader();
    Message reply = new Message(q.getID());
    Header h = reply.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(q.getOpcode());
    if (q.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    if (authoritative) {
      h.setFlag(Flags.AA);
    }
    Record question = query.getQuestion();
    if (question != null && query.getSection(Section.QUESTION).size() == 1) {
      reply.addRecord(question, Section.QUESTION);
    }
    OPTRecord opt = query.getOPT();
    h.setRcode(rcode & 0xF);
    if (opt != null) {
      reply.addRecord(new OPTRecord(EDNS_PAYLOAD, rcode >>> 4, 0), Section.ADDITIONAL);
    }
    return reply;
  }

  /**
   * A reply built from the 12-byte header alone, for requests whose body does not parse: id and
   * opcode echoed, no question.
   */
  public static Message fromHeader(Header requestHeader, int rcode) {
    Message reply = new Message(requestHeader.getID());
    Header h = reply.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(requestHeader.getOpcode());
    if (requestHeader.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    h.setRcode(rcode & 0xF);
    return reply;
  }
}
