// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryTest {
  private static final Name ZONE = name("example.org.");
  @TempDir Path dir;
  private LocalMaster master;
  private InetSocketAddress server;

  @BeforeEach
  void start() throws Exception {
    TestZones.write(
        dir,
        "example.org.zone",
        TestZones.small(42, 3)
            + "www IN CNAME h1\n"
            + "a.b.c IN TXT \"deep\"\n"
            + "sub IN NS ns.sub\n"
            + "ns.sub IN A 192.0.2.53\n");
    master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .build());
    master.start();
    server = master.address();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void soaOverUdpIsAuthoritativeWithNsInAuthority() throws Exception {
    Message query = DnsClient.query(ZONE, Type.SOA);
    Message reply = DnsClient.udp(server, query);

    assertEquals(query.getHeader().getID(), reply.getHeader().getID());
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertEquals(1, answer.size());
    assertEquals(42, ((SOARecord) answer.get(0)).getSerial());
    assertEquals(Type.NS, reply.getSection(Section.AUTHORITY).get(0).getType());
  }

  @Test
  void unknownZonesAreRefused() throws Exception {
    Message reply = DnsClient.udp(server, DnsClient.query(name("example.com."), Type.SOA));
    assertEquals(Rcode.REFUSED, reply.getRcode());
    try (DnsClient.Tcp tcp = new DnsClient.Tcp(server)) {
      Message axfr = tcp.exchange(DnsClient.query(name("example.com."), Type.AXFR));
      assertEquals(Rcode.REFUSED, axfr.getRcode());
      // AXFR of a name inside a zone, not its apex, is refused too.
      Message inner = tcp.exchange(DnsClient.query(name("h1.example.org."), Type.AXFR));
      assertEquals(Rcode.REFUSED, inner.getRcode());
    }
  }

  @Test
  void garbageAfterAParseableHeaderGetsFormerr() throws Exception {
    Header header = new Header(0x1234);
    header.setFlag(Flags.RD);
    byte[] head = header.toWire();
    head[5] = 1; // QDCOUNT = 1
    byte[] packet = new byte[head.length + 5];
    System.arraycopy(head, 0, packet, 0, head.length);
    packet[head.length] = 60; // a label length pointing past the end of the packet

    byte[] reply = DnsClient.udpRaw(server, packet, DnsClient.TIMEOUT);

    assertNotNull(reply);
    Message m = new Message(reply);
    assertEquals(0x1234, m.getHeader().getID());
    assertEquals(Rcode.FORMERR, m.getRcode());
    assertTrue(m.getHeader().getFlag(Flags.QR));
  }

  @Test
  void packetsWithoutHeaderAndResponsesAreDroppedAndTheListenerSurvives() throws Exception {
    assertNull(DnsClient.udpRaw(server, new byte[] {1, 2, 3}, Duration.ofMillis(300)));
    Message response = DnsClient.query(ZONE, Type.SOA);
    response.getHeader().setFlag(Flags.QR);
    assertNull(DnsClient.udpRaw(server, response.toWire(), Duration.ofMillis(300)));
    try (DnsClient.Tcp tcp = new DnsClient.Tcp(server)) {
      tcp.send(new byte[] {9, 9});
      Message after = tcp.exchange(DnsClient.query(ZONE, Type.SOA));
      assertEquals(Rcode.NOERROR, after.getRcode());
    }
    assertEquals(Rcode.NOERROR, DnsClient.udp(server, DnsClient.query(ZONE, Type.SOA)).getRcode());
  }

  @Test
  void axfrOverUdpIsNotImplemented() throws Exception {
    Message reply = DnsClient.udp(server, DnsClient.query(ZONE, Type.AXFR));
    assertEquals(Rcode.NOTIMP, reply.getRcode());
    assertTrue(reply.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void ixfrOverUdpAnswersWithTheCurrentSoaOnly() throws Exception {
    Message query = DnsClient.query(ZONE, Type.IXFR);
    query.addRecord(
        new SOARecord(ZONE, DClass.IN, 0, Name.root, Name.root, 1, 0, 0, 0, 0), Section.AUTHORITY);
    Message reply = DnsClient.udp(server, query);
    assertEquals(Rcode.NOERROR, reply.getRcode());
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertEquals(1, answer.size());
    assertEquals(42, ((SOARecord) answer.get(0)).getSerial());

    Message withoutSoa = DnsClient.query(ZONE, Type.IXFR);
    assertEquals(Rcode.FORMERR, DnsClient.udp(server, withoutSoa).getRcode());
  }

  @Test
  void lookupsAnswerExactMatchesAndNegativeAnswersCarryTheSoa() throws Exception {
    Message a = DnsClient.udp(server, DnsClient.query(name("h2.example.org."), Type.A));
    assertEquals(Rcode.NOERROR, a.getRcode());
    assertTrue(a.getHeader().getFlag(Flags.AA));
    assertEquals("10.0.0.3", a.getSection(Section.ANSWER).get(0).rdataToString());

    Message noData = DnsClient.udp(server, DnsClient.query(name("h2.example.org."), Type.AAAA));
    assertEquals(Rcode.NOERROR, noData.getRcode());
    assertTrue(noData.getSection(Section.ANSWER).isEmpty());
    SOARecord negative = (SOARecord) noData.getSection(Section.AUTHORITY).get(0);
    assertEquals(60, negative.getTTL(), "TTL is min(SOA TTL, MINIMUM)");

    Message nx = DnsClient.udp(server, DnsClient.query(name("nope.example.org."), Type.A));
    assertEquals(Rcode.NXDOMAIN, nx.getRcode());
    assertTrue(nx.getHeader().getFlag(Flags.AA));
    assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());

    Message emptyNonTerminal =
        DnsClient.udp(server, DnsClient.query(name("b.c.example.org."), Type.A));
    assertEquals(Rcode.NOERROR, emptyNonTerminal.getRcode());

    Message cname = DnsClient.udp(server, DnsClient.query(name("www.example.org."), Type.A));
    assertEquals(Type.CNAME, cname.getSection(Section.ANSWER).get(0).getType());

    Message referral = DnsClient.udp(server, DnsClient.query(name("x.sub.example.org."), Type.A));
    assertEquals(Rcode.NOERROR, referral.getRcode());
    assertFalse(referral.getHeader().getFlag(Flags.AA));
    assertEquals(Type.NS, referral.getSection(Section.AUTHORITY).get(0).getType());
  }

  @Test
  void otherOpcodesAreNotImplementedAndEdnsIsEchoed() throws Exception {
    Message update = Message.newUpdate(ZONE);
    assertEquals(Rcode.NOTIMP, DnsClient.udp(server, update).getRcode());
    assertEquals(Opcode.UPDATE, DnsClient.udp(server, update).getHeader().getOpcode());

    Message query = DnsClient.query(ZONE, Type.NS);
    query.addRecord(new org.xbill.DNS.OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message reply = DnsClient.udp(server, query);
    assertNotNull(reply.getOPT());
    assertEquals(1, reply.getSection(Section.ANSWER).size());
  }

  @Test
  void tcpResponsesMatchUdpOnes() throws Exception {
    Message q = DnsClient.query(name("h0.example.org."), Type.A);
    Message udp = DnsClient.udp(server, q);
    try (DnsClient.Tcp tcp = new DnsClient.Tcp(server)) {
      Message viaTcp = tcp.exchange(q);
      assertArrayEquals(udp.toWire(), viaTcp.toWire());
    }
  }
}
