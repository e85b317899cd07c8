// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.dnsagent.spi.DesignateCodes;
import org.dnsagent.spi.TsigKeySpec;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

class TsigAuthenticatorTest {
  private static final TsigKeySpec KEY =
      new TsigKeySpec("ctl", "hmac-sha256", "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==");
  private static final TsigKeySpec OTHER =
      new TsigKeySpec("other", "hmac-sha256", "b3RoZXIta2V5LWZvci10ZXN0cw==");
  private static final TsigKeySpec WRONG_SECRET =
      new TsigKeySpec("ctl", "hmac-sha256", "d3Jvbmctc2VjcmV0");

  private final TsigAuthenticator required = new TsigAuthenticator(Map.of("ctl", KEY), true);
  private final TsigAuthenticator optional = new TsigAuthenticator(Map.of("ctl", KEY), false);

  @Test
  void verifiesAndSignsTheReply() throws Exception {
    Message request = create();
    TSIG signer = KEY.toTsig();
    request.setTSIG(signer);
    byte[] wire = request.toWire(65535);
    Message parsed = new Message(wire);
    TsigAuthenticator.Verdict v = required.check(parsed, wire);
    assertInstanceOf(TsigAuthenticator.Verdict.Verified.class, v);
    Message reply = Replies.to(parsed, Rcode.NOERROR, true);
    required.sign(reply, v);
    byte[] replyWire = reply.toWire(65535);
    Message received = new Message(replyWire);
    assertEquals(Rcode.NOERROR, signer.verify(received, replyWire, parsed.getTSIG()));
  }

  @Test
  void unsignedIsRefusedWhenRequiredAndAcceptedOtherwise() throws Exception {
    Message request = create();
    byte[] wire = request.toWire(65535);
    TsigAuthenticator.Verdict v = required.check(new Message(wire), wire);
    assertEquals(
        Rcode.REFUSED,
        assertInstanceOf(TsigAuthenticator.Verdict.Rejected.class, v).reply().getRcode());
    assertInstanceOf(
        TsigAuthenticator.Verdict.Unsigned.class, optional.check(new Message(wire), wire));
  }

  @Test
  void unknownKeyIsBadkey() throws Exception {
    assertTsigError(signedWith(OTHER.toTsig()), Rcode.BADKEY);
  }

  @Test
  void wrongSecretIsBadsig() throws Exception {
    assertTsigError(signedWith(WRONG_SECRET.toTsig()), Rcode.BADSIG);
  }

  @Test
  void oldSignatureIsBadtimeWithServerTime() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
    TSIG old =
        new TSIG(
            KEY.algorithmName(),
            KEY.keyName(),
            new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder().decode(KEY.secret()), "HmacSHA256"),
            past);
    Message reply = assertTsigError(signedWith(old), Rcode.BADTIME);
    assertNotNull(reply.getTSIG().getOther(), "BADTIME carries the server's time");
  }

  @Test
  void macTruncatedBelowTheRfcMinimumOrTooLongIsFormerr() throws Exception {
    // hmac-sha256: 32 octets; RFC 8945 5.2.2.1 minimum is max(10, 32 / 2) = 16.
    for (int length : new int[] {0, 8, 15, 33}) {
      Message forged = withMacLength(length);
      byte[] wire = forged.toWire(65535);
      TsigAuthenticator.Verdict v = required.check(new Message(wire), wire);
      Message error = assertInstanceOf(TsigAuthenticator.Verdict.Rejected.class, v).reply();
      Message received = new Message(error.toWire(65535));
      assertEquals(Rcode.FORMERR, received.getRcode(), "MAC of " + length + " octets");
      assertNull(received.getTSIG(), "a FORMERR for a malformed MAC is not signed");
    }
  }

  @Test
  void validMacTruncatedWithinTheRfcRangeIsBadtruncAndSigned() throws Exception {
    Message truncated = withMacLength(16);
    byte[] wire = truncated.toWire(65535);
    Message parsed = new Message(wire);
    TsigAuthenticator.Verdict v = required.check(parsed, wire);
    Message error = assertInstanceOf(TsigAuthenticator.Verdict.Rejected.class, v).reply();
    byte[] replyWire = error.toWire(65535);
    Message received = new Message(replyWire);
    assertEquals(Rcode.NOTAUTH, received.getRcode());
    assertEquals(Rcode.BADTRUNC, received.getTSIG().getError());
    assertEquals(32, received.getTSIG().getSignature().length, "the reply carries a full MAC");
  }

  @Test
  void everyAlgorithmVerifies() throws Exception {
    for (String algorithm : TsigKeySpec.ALGORITHMS) {
      TsigKeySpec key = new TsigKeySpec("k-" + algorithm, algorithm, KEY.secret());
      TsigAuthenticator auth = new TsigAuthenticator(Map.of(key.name(), key), true);
      byte[] wire = signedWith(key.toTsig()).toWire(65535);
      assertInstanceOf(
          TsigAuthenticator.Verdict.Verified.class, auth.check(new Message(wire), wire), algorithm);
    }
  }

  /** A CREATE signed with {@link #KEY} whose MAC is cut (or padded) to {@code length} octets. */
  private static Message withMacLength(int length) throws Exception {
    Message request = create();
    request.setTSIG(KEY.toTsig());
    TSIGRecord t = new Message(request.toWire(65535)).getTSIG();
    TSIGRecord cut =
        new TSIGRecord(
            t.getName(),
            t.getDClass(),
            0,
            t.getAlgorithm(),
            t.getTimeSigned(),
            t.getFudge(),
            Arrays.copyOf(t.getSignature(), length),
            t.getOriginalID(),
            0,
            null);
    Message forged = create();
    forged.addRecord(cut, Section.ADDITIONAL);
    return forged;
  }

  private Message signedWith(TSIG key) {
    Message request = create();
    request.setTSIG(key);
    return request;
  }

  private Message assertTsigError(Message request, int tsigError) throws Exception {
    byte[] wire = request.toWire(65535);
    TsigAuthenticator.Verdict v = required.check(new Message(wire), wire);
    Message reply = assertInstanceOf(TsigAuthenticator.Verdict.Rejected.class, v).reply();
    Message received = new Message(reply.toWire(65535));
    assertEquals(Rcode.NOTAUTH, received.getRcode());
    assertNotNull(received.getTSIG());
    assertEquals(tsigError, received.getTSIG().getError());
    assertTrue(received.getHeader().getFlag(Flags.QR));
    return received;
  }

  private static Message create() {
    Message m = new Message(99);
    m.getHeader().setOpcode(DesignateCodes.OPCODE_CC);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(
        Record.newRecord(
            Name.fromConstantString("t.example."),
            DesignateCodes.TYPE_CREATE,
            DesignateCodes.CLASS_CC),
        Section.QUESTION);
    return m;
  }
}
