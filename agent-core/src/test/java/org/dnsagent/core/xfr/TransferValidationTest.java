// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dnsagent.core.config.TransferLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A transfer is validated before anything is handed over (issue 17 item 6): first and last SOA
 * identical, every message NOERROR, the question names the zone, every record of class IN and
 * inside the zone, no CNAME beside other data. Each bad answer fails the transfer and leaves no
 * spool file.
 */
class TransferValidationTest {
  private static final Name ZONE = Name.fromConstantString("valid.test.");

  @TempDir Path spool;

  @Test
  void aWellFormedAnswerPasses() throws Exception {
    TransferResult.Full full =
        assertInstanceOf(
            TransferResult.Full.class,
            run(List.of(msg(soa(5), a("www"), cname("alias", "www.valid.test.")), msg(soa(5))))
                .orElseThrow());
    full.zone().close();
  }

  @Test
  void theClosingSoaMustBeTheFirst() {
    assertFails(List.of(msg(soa(5), a("www")), msg(soa(6))), "SOA");
  }

  @Test
  void aServfailMidStreamFailsTheTransfer() {
    Reply servfail = msg(a("b"));
    servfail.rcode = Rcode.SERVFAIL;
    assertFails(List.of(msg(soa(5), a("www")), servfail, msg(soa(5))), "SERVFAIL");
  }

  @Test
  void theQuestionMustNameTheZone() {
    Reply other = msg(soa(5), a("www"), soa(5));
    other.question = Record.newRecord(Name.fromConstantString("other.test."), Type.AXFR, DClass.IN);
    assertFails(List.of(other), "question");
  }

  @Test
  void everyRecordIsOfClassIn() {
    Record chaos = new TXTRecord(name("txt"), DClass.CH, 300, "x");
    assertFails(List.of(msg(soa(5), chaos, soa(5))), "class");
  }

  @Test
  void everyRecordIsInsideTheZone() throws Exception {
    Record outside =
        new ARecord(
            Name.fromConstantString("victim.example."),
            DClass.IN,
            300,
            InetAddress.getByName("192.0.2.66"));
    assertFails(List.of(msg(soa(5), outside, soa(5))), "outside");
  }

  @Test
  void noCnameBesideOtherData() {
    assertFails(
        List.of(msg(soa(5), cname("www", "x.valid.test."), a("www")), msg(soa(5))), "CNAME");
    assertFails(
        List.of(msg(soa(5), a("www")), msg(cname("www", "x.valid.test."), soa(5))), "CNAME");
  }

  private void assertFails(List<Reply> replies, String mentioned) {
    TransferException e = assertThrows(TransferException.class, () -> run(replies));
    assertTrue(e.getMessage().contains(mentioned), e.getMessage());
    try (Stream<Path> files = Files.list(spool)) {
      assertTrue(files.findAny().isEmpty(), "no spool file left");
    } catch (java.io.IOException io) {
      // no spool directory at all: nothing left either
    }
  }

  /** Feeds the replies to a parser; the result if it completes. */
  private Optional<TransferResult> run(List<Reply> replies) throws Exception {
    try (TransferParser parser =
        new TransferParser(ZONE, "test", Optional.empty(), TransferLimits.defaults(), spool)) {
      Message query = new Message(parser.nextQuery(null));
      boolean first = true;
      for (Reply r : replies) {
        Message m = ScriptedPrimary.reply(query, false);
        if (first || r.question != null) {
          m.addRecord(r.question != null ? r.question : query.getQuestion(), Section.QUESTION);
        }
        first = false;
        m.getHeader().setRcode(r.rcode);
        r.records.forEach(rec -> m.addRecord(rec, Section.ANSWER));
        if (parser.accept(m.toWire()) == TransferParser.Next.DONE) {
          return Optional.of(parser.result());
        }
      }
      return Optional.empty();
    }
  }

  private static final class Reply {
    final List<Record> records;
    int rcode = Rcode.NOERROR;
    Record question;

    Reply(List<Record> records) {
      this.records = records;
    }
  }

  private static Reply msg(Record... records) {
    return new Reply(new ArrayList<>(List.of(records)));
  }

  private static Name name(String label) {
    return Name.fromConstantString(label + "." + ZONE);
  }

  private static SOARecord soa(long serial) {
    return new SOARecord(
        ZONE, DClass.IN, 300, name("ns"), name("hostmaster"), serial, 3600, 600, 86400, 300);
  }

  private static Record a(String label) {
    try {
      return new ARecord(name(label), DClass.IN, 300, InetAddress.getByName("192.0.2.1"));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Record cname(String label, String target) {
    return new CNAMERecord(name(label), DClass.IN, 300, Name.fromConstantString(target));
  }
}
