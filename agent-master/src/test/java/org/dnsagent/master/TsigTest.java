// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.dnsagent.spi.TsigKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

class TsigTest {
  private static final Name ZONE = name("example.org.");
  private static final TsigKeySpec KEY =
      new TsigKeySpec("xfr-key", "hmac-sha256", "a2V5LWZvci16b25lLXRyYW5zZmVycw==");
  private static final TsigKeySpec WRONG_SECRET =
      new TsigKeySpec("xfr-key", "hmac-sha256", "bm90LXRoZS1yaWdodC1zZWNyZXQ=");
  private static final TsigKeySpec UNKNOWN =
      new TsigKeySpec("other-key", "hmac-sha256", "a2V5LWZvci16b25lLXRyYW5zZmVycw==");
  @TempDir Path dir;
  private LocalMaster master;

  @BeforeEach
  void start() throws Exception {
    // Big enough for a multi-message transfer, so the TSIG chain over messages is exercised.
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 3000));
    master =
        new LocalMaster(
            LocalMasterOptions.builder(dir)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .tsigKey(KEY)
                .requireTsig(true)
                .build());
    master.start();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void signedAxfrAndIxfrVerifyWithTheRightKey() throws Exception {
    ZoneTransferIn axfr = DnsClient.axfr(master, ZONE, KEY.toTsig());
    axfr.run(); // dnsjava verifies every signed message and fails the transfer otherwise
    assertEquals(3000 + 2 + 2, axfr.getAXFR().size());

    TestZones.write(dir, "example.org.zone", TestZones.small(2, 3001));
    master.reloadNow();
    ZoneTransferIn ixfr = DnsClient.ixfr(master, ZONE, 1, KEY.toTsig());
    ixfr.run();
    assertTrue(ixfr.isIXFR());
    assertEquals(2, ixfr.getIXFR().get(0).adds.size());
  }

  @Test
  void wrongSecretFailsWithNotauthAndBadsig() throws Exception {
    ZoneTransferIn axfr = DnsClient.axfr(master, ZONE, WRONG_SECRET.toTsig());
    ZoneTransferException e = assertThrows(ZoneTransferException.class, axfr::run);
    assertTrue(e.getMessage().contains("NOTAUTH"), e.getMessage());

    Message query = DnsClient.query(ZONE, Type.SOA);
    query.setTSIG(WRONG_SECRET.toTsig());
    Message reply = DnsClient.udp(master.address(), query);
    assertEquals(Rcode.NOTAUTH, reply.getRcode());
    assertEquals(Rcode.BADSIG, reply.getTSIG().getError());
    assertEquals(0, reply.getTSIG().getSignature().length, "BADSIG replies are unsigned");
  }

  @Test
  void unknownKeyFailsWithBadkey() throws Exception {
    Message query = DnsClient.query(ZONE, Type.SOA);
    query.setTSIG(UNKNOWN.toTsig());
    Message reply = DnsClient.udp(master.address(), query);
    assertEquals(Rcode.NOTAUTH, reply.getRcode());
    assertEquals(Rcode.BADKEY, reply.getTSIG().getError());
    assertEquals(UNKNOWN.keyName(), reply.getTSIG().getName());
  }

  @Test
  void unsignedTransfersAndSoaQueriesAreRefusedWhenTsigIsRequired() throws Exception {
    ZoneTransferIn axfr = DnsClient.axfr(master, ZONE, null);
    ZoneTransferException e = assertThrows(ZoneTransferException.class, axfr::run);
    assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());

    Message soa = DnsClient.udp(master.address(), DnsClient.query(ZONE, Type.SOA));
    assertEquals(Rcode.REFUSED, soa.getRcode());
    // Ordinary lookups stay open.
    Message a = DnsClient.udp(master.address(), DnsClient.query(name("h1.example.org."), Type.A));
    assertEquals(Rcode.NOERROR, a.getRcode());
  }

  @Test
  void signedSoaReplyIsSignedWithTheQueryKey() throws Exception {
    TSIG key = KEY.toTsig();
    Message query = DnsClient.query(ZONE, Type.SOA);
    query.setTSIG(key);
    byte[] wire = query.toWire(Message.MAXLENGTH);
    byte[] replyWire = DnsClient.udpRaw(master.address(), wire, DnsClient.TIMEOUT);
    Message reply = new Message(replyWire);
    Message sent = new Message(wire);

    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertEquals(Rcode.NOERROR, key.verify(reply, replyWire, sent.getTSIG()));
    Record answer = reply.getSection(org.xbill.DNS.Section.ANSWER).get(0);
    assertEquals(Type.SOA, answer.getType());
  }
}
