// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.dnsagent.spi.DesignateCodes;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class RequestDecoderTest {
  private static final HexFormat HEX = HexFormat.of();
  private final RequestDecoder decoder = new RequestDecoder();

  /** The CREATE request of protocol.md, as Designate 15 sends it. */
  static final byte[] DESIGNATE_CREATE =
      HEX.parseHex("123474000001000000000000" + "047a686578076578616d706c6500" + "ff02ff00");

  @Test
  void decodesDesignatesCreateBytes() {
    Decoded d = decoder.decode(DESIGNATE_CREATE);
    Decoded.Request r = assertInstanceOf(Decoded.Request.class, d);
    assertEquals(new AgentRequest.Create(Name.fromConstantString("zhex.example.")), r.request());
  }

  @Test
  void successReplyHasDesignatesExactBytes() {
    Decoded.Request r = (Decoded.Request) decoder.decode(DESIGNATE_CREATE);
    byte[] reply = Replies.to(r.message(), Rcode.NOERROR, true).toWire();
    assertArrayEquals(
        HEX.parseHex("1234f4000001000000000000" + "047a686578076578616d706c6500" + "ff02ff00"),
        reply);
  }

  @Test
  void decodesDeleteAndNotify() {
    byte[] delete =
        HEX.parseHex("123574000001000000000000" + "047a686578076578616d706c6500" + "ff03ff00");
    assertEquals(
        new AgentRequest.Delete(Name.fromConstantString("zhex.example.")),
        ((Decoded.Request) decoder.decode(delete)).request());
    byte[] notify =
        HEX.parseHex("123621000001000000000000" + "047a686578076578616d706c6500" + "00060001");
    Decoded.Request n = (Decoded.Request) decoder.decode(notify);
    assertInstanceOf(AgentRequest.Notify.class, n.request());
    byte[] reply = Replies.to(n.message(), Rcode.NOERROR, true).toWire();
    assertEquals("1236a500", HEX.formatHex(reply, 0, 4), "QR|NOTIFY|AA|RD, NOERROR");
  }

  @Test
  void dropsWhatCannotBeAnswered() {
    assertInstanceOf(Decoded.Dropped.class, decoder.decode(new byte[0]));
    assertInstanceOf(Decoded.Dropped.class, decoder.decode(new byte[11]));
    byte[] response = DESIGNATE_CREATE.clone();
    response[2] |= (byte) 0x80; // QR
    assertInstanceOf(Decoded.Dropped.class, decoder.decode(response));
  }

  @Test
  void truncatedBodyIsFormerrWithIdEchoed() {
    byte[] truncated = java.util.Arrays.copyOf(DESIGNATE_CREATE, DESIGNATE_CREATE.length - 3);
    Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, decoder.decode(truncated));
    assertEquals(Rcode.FORMERR, r.reply().getRcode());
    assertEquals(0x1234, r.reply().getHeader().getID());
    assertEquals(14, r.reply().getHeader().getOpcode());
    assertTrue(r.reply().getHeader().getFlag(Flags.QR));
  }

  @Test
  void garbageAfterHeaderIsFormerr() {
    byte[] garbage = HEX.parseHex("abcd000000010000000000003fffff");
    Decoded.Rejected r = assertInstanceOf(Decoded.Rejected.class, decoder.decode(garbage));
    assertEquals(Rcode.FORMERR, r.reply().getRcode());
    assertEquals(0xabcd, r.reply().getHeader().getID());
  }

  @Test
  void severalOrNoQuestionsAreFormerr() {
    Message two = control(DesignateCodes.TYPE_CREATE, DesignateCodes.CLASS_CC);
    two.addRecord(
        Record.newRecord(
            Name.fromConstantString("b.example."),
            DesignateCodes.TYPE_CREATE,
            DesignateCodes.CLASS_CC),
        Section.QUESTION);
    assertRcode(two, Rcode.FORMERR);
    Message none = new Message(7);
    none.getHeader().setOpcode(DesignateCodes.OPCODE_CC);
    assertRcode(none, Rcode.FORMERR);
  }

  @Test
  void wrongControlClassOrTypeIsRefusedWithQuestionEchoed() {
    Message wrongClass = control(DesignateCodes.TYPE_CREATE, DClass.IN);
    Decoded.Rejected r = assertRcode(wrongClass, Rcode.REFUSED);
    assertNotNull(r.reply().getQuestion());
    assertFalse(r.reply().getHeader().getFlag(Flags.AA));
    // 65280 is Designate's reply-only SUCCESS type: never a request.
    assertRcode(control(65280, DesignateCodes.CLASS_CC), Rcode.REFUSED);
  }

  @Test
  void opcodesDesignateRefusesAreRefusedOthersNotImplemented() {
    for (int opcode : new int[] {Opcode.IQUERY, Opcode.STATUS, Opcode.UPDATE}) {
      assertRcode(withOpcode(opcode), Rcode.REFUSED);
    }
    for (int opcode : new int[] {3, 6, 7, 13, 15}) {
      assertRcode(withOpcode(opcode), Rcode.NOTIMP);
    }
  }

  @Test
  void queriesOtherThanSoaAreRefused() {
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromConstantString("zhex.example."), Type.A, DClass.IN));
    assertRcode(q, Rcode.REFUSED);
    Message soa =
        Message.newQuery(
            Record.newRecord(Name.fromConstantString("zhex.example."), Type.SOA, DClass.IN));
    assertInstanceOf(
        AgentRequest.SoaQuery.class, ((Decoded.Request) decoder.decode(soa.toWire())).request());
  }

  @Test
  void notifyForOtherTypeIsNotImplementedAndOtherClassRefused() {
    Message a = withOpcode(Opcode.NOTIFY);
    a.removeAllRecords(Section.QUESTION);
    a.addRecord(
        Record.newRecord(Name.fromConstantString("zhex.example."), Type.A, DClass.IN),
        Section.QUESTION);
    assertRcode(a, Rcode.NOTIMP);
    Message ch = withOpcode(Opcode.NOTIFY);
    ch.removeAllRecords(Section.QUESTION);
    ch.addRecord(
        Record.newRecord(Name.fromConstantString("zhex.example."), Type.SOA, DClass.CH),
        Section.QUESTION);
    assertRcode(ch, Rcode.REFUSED);
  }

  @Test
  void ednsIsEchoedAndUnknownVersionGetsBadvers() {
    Message q = control(DesignateCodes.TYPE_CREATE, DesignateCodes.CLASS_CC);
    q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Decoded.Request r = (Decoded.Request) decoder.decode(q.toWire());
    assertNotNull(Replies.to(r.message(), Rcode.NOERROR, true).getOPT());
    Message v1 = control(DesignateCodes.TYPE_CREATE, DesignateCodes.CLASS_CC);
    v1.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);
    Decoded.Rejected bad = assertInstanceOf(Decoded.Rejected.class, decoder.decode(v1.toWire()));
    assertEquals(Rcode.BADVERS, bad.reply().getRcode());
  }

  @Test
  void requestWithRcodeSetIsFormerr() {
    Message q = control(DesignateCodes.TYPE_CREATE, DesignateCodes.CLASS_CC);
    q.getHeader().setRcode(Rcode.SERVFAIL);
    assertRcode(q, Rcode.FORMERR);
  }

  @Test
  void headerOnlyReplyHasNoQuestion() {
    Decoded.Rejected r =
        (Decoded.Rejected) decoder.decode(HEX.parseHex("00017400000100000000000005"));
    assertNull(r.reply().getQuestion());
  }

  private Decoded.Rejected assertRcode(Message m, int rcode) {
    Decoded d = decoder.decode(m.toWire());
    Decoded.Rejected r =
        assertInstanceOf(Decoded.Rejected.class, d, () -> "expected a rejection of " + m);
    assertEquals(rcode, r.reply().getRcode(), () -> "rcode for " + m + ": " + r.reason());
    assertEquals(m.getHeader().getID(), r.reply().getHeader().getID());
    return r;
  }

  private static Message control(int type, int dclass) {
    Message m = new Message(0x4242);
    m.getHeader().setOpcode(DesignateCodes.OPCODE_CC);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(
        Record.newRecord(Name.fromConstantString("zhex.example."), type, dclass), Section.QUESTION);
    return m;
  }

  private static Message withOpcode(int opcode) {
    Message m = new Message(0x0101);
    m.getHeader().setOpcode(opcode);
    m.addRecord(
        Record.newRecord(Name.fromConstantString("zhex.example."), Type.SOA, DClass.IN),
        Section.QUESTION);
    return m;
  }
}
