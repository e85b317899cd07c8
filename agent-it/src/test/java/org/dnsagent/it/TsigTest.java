// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * TSIG on the agent's control channel, against a running agent over real UDP and TCP sockets:
 * signed requests are acted on and answered signed; everything else is refused with the RFC 8945
 * error and changes nothing.
 */
class TsigTest {
  static final TsigKeySpec CTL =
      new TsigKeySpec("ctl-key", "hmac-sha256", "Y29udHJvbGxlci1rZXktZm9yLXRoZS1hZ2VudA==");
  static final TsigKeySpec OLD =
      new TsigKeySpec("old-peer", "hmac-md5", "b2xkLXBlZXItbWQ1LWtleQ==");
  static final TsigKeySpec STRANGER =
      new TsigKeySpec("stranger", "hmac-sha256", "c3RyYW5nZXItc2VjcmV0LWtleQ==");
  static final TsigKeySpec WRONG_SECRET =
      new TsigKeySpec("ctl-key", "hmac-sha256", "d3Jvbmctc2VjcmV0LWZvci1jdGw=");
  private static final Name ZONE = TestZones.name("signed.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 7, 3);
    agents.startAgent("a", Optional.empty(), "tsig_keys = ctl-key, old-peer", List.of(CTL, OLD));
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void signedRequestsAreActedOnAndAnsweredSigned(boolean tcp) throws Exception {
    for (TsigKeySpec key : List.of(CTL, OLD)) {
      assertSignedSuccess(AgentCommand.CREATE, key, tcp);
      assertTrue(Files.exists(agents.zoneFile("a", ZONE)), "created with " + key.name());
      assertSignedSuccess(AgentCommand.NOTIFY, key, tcp);
      assertSignedSuccess(AgentCommand.DELETE, key, tcp);
      assertFalse(Files.exists(agents.zoneFile("a", ZONE)), "deleted with " + key.name());
    }
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void everyBadSignatureIsRejectedAndChangesNothing(boolean tcp) throws Exception {
    Message unsigned = exchange(request(AgentCommand.CREATE, ZONE), tcp);
    assertEquals(Rcode.REFUSED, unsigned.getRcode(), "unsigned while TSIG is required");
    assertNull(unsigned.getTSIG());

    Message badSig = exchange(signed(AgentCommand.CREATE, ZONE, WRONG_SECRET.toTsig()), tcp);
    assertTsigError(badSig, Rcode.BADSIG);
    assertEquals(0, badSig.getTSIG().getSignature().length, "BADSIG replies are unsigned");

    Message badKey = exchange(signed(AgentCommand.CREATE, ZONE, STRANGER.toTsig()), tcp);
    assertTsigError(badKey, Rcode.BADKEY);
    assertEquals(0, badKey.getTSIG().getSignature().length, "BADKEY replies are unsigned");

    // With EDNS the TSIG record must still come last, after the echoed OPT record.
    for (TsigKeySpec key : List.of(STRANGER, WRONG_SECRET)) {
      Message withEdns = request(AgentCommand.CREATE, ZONE);
      withEdns.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      withEdns.setTSIG(key.toTsig());
      Message reply = exchange(withEdns.toWire(65535), tcp);
      assertTsigError(reply, key == STRANGER ? Rcode.BADKEY : Rcode.BADSIG);
      assertNotNull(reply.getOPT(), "EDNS echoed");
    }

    Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
    byte[] stale = signed(AgentCommand.CREATE, ZONE, withClock(CTL, anHourAgo));
    Message badTime = exchange(stale, tcp);
    assertTsigError(badTime, Rcode.BADTIME);
    TSIGRecord t = badTime.getTSIG();
    assertEquals(32, t.getSignature().length, "BADTIME replies are signed");
    assertEquals(anHourAgo.getEpochSecond(), t.getTimeSigned().getEpochSecond());
    assertNotNull(t.getOther(), "BADTIME carries the server's time");
    long serverTime = new java.math.BigInteger(1, t.getOther()).longValueExact();
    assertTrue(Math.abs(serverTime - Instant.now().getEpochSecond()) < 60, "server time");

    Message tooShort = exchange(withMacLength(request(AgentCommand.CREATE, ZONE), 8), tcp);
    assertEquals(Rcode.FORMERR, tooShort.getRcode(), "MAC below the RFC 8945 minimum");
    assertNull(tooShort.getTSIG());
    Message truncated = exchange(withMacLength(request(AgentCommand.CREATE, ZONE), 16), tcp);
    assertTsigError(truncated, Rcode.BADTRUNC);

    assertFalse(Files.exists(agents.zoneFile("a", ZONE)), "no rejected request created the zone");
  }

  @Test
  void signedRequestsRefusedForOtherReasonsGetSignedReplies() throws Exception {
    Name hostile = Name.fromString("a\\/b.example.");
    assertSignedReply(request(AgentCommand.CREATE, hostile), Rcode.REFUSED);
    Message wrongClass = request(AgentCommand.CREATE, ZONE);
    Record q = wrongClass.getQuestion();
    wrongClass.removeAllRecords(Section.QUESTION);
    wrongClass.addRecord(Record.newRecord(q.getName(), q.getType(), DClass.IN), Section.QUESTION);
    assertSignedReply(wrongClass, Rcode.REFUSED);
    assertSignedReply(request(AgentCommand.NOTIFY, TestZones.name("unknown.test.")), Rcode.REFUSED);

    agents.startAgent(
        "acl", Optional.empty(), "tsig_keys = ctl-key\nallow_notify = 192.0.2.1", List.of(CTL));
    byte[] wire = signed(AgentCommand.CREATE, ZONE, CTL.toTsig());
    byte[] replyWire = RawExchange.udp(agents.address("acl"), wire);
    Message reply = new Message(replyWire);
    assertEquals(Rcode.REFUSED, reply.getRcode(), "sender not in allow_notify");
    assertVerifies(reply, replyWire, wire);
  }

  @Test
  void theKeyThatSignedSelectsTheTarget() throws Exception {
    TsigKeySpec inside = new TsigKeySpec("view-inside", "hmac-sha256", "dmlldy1pbnNpZGUta2V5");
    TsigKeySpec outside =
        new TsigKeySpec("view-outside", "hmac-sha256", "dmlldy1vdXRzaWRlLWtleQ==");
    agents.startAgent(
        "views",
        Optional.empty(),
        "targets = inside, outside\n"
            + "[target:inside]\nbackend_driver = files\ntsig_keys = view-inside\n"
            + "[target:outside]\nbackend_driver = files\ntsig_keys = view-outside",
        List.of(inside, outside));
    Path insideZones = dir.resolve("views/target-inside/zones");
    Path outsideZones = dir.resolve("views/target-outside/zones");
    byte[] wire = signed(AgentCommand.CREATE, ZONE, inside.toTsig());
    byte[] replyWire = RawExchange.udp(agents.address("views"), wire);
    assertVerifies(new Message(replyWire), replyWire, wire, inside);
    assertTrue(Files.exists(ZoneFiles.pathFor(insideZones, ZONE, ".zone")), "created inside");
    assertFalse(Files.exists(ZoneFiles.pathFor(outsideZones, ZONE, ".zone")), "not outside");

    // SOA queries, as a pool's poller sends them, are answered from the key's target too.
    Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    query.setTSIG(inside.toTsig());
    Message served = new Message(RawExchange.udp(agents.address("views"), query.toWire(512)));
    assertEquals(Rcode.NOERROR, served.getRcode());
    assertEquals(7, ((SOARecord) served.getSection(Section.ANSWER).get(0)).getSerial());
    Message other = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    other.setTSIG(outside.toTsig());
    Message absent = new Message(RawExchange.udp(agents.address("views"), other.toWire(512)));
    assertEquals(Rcode.REFUSED, absent.getRcode(), "the outside view does not serve it");
  }

  @Test
  void eachRejectionIsLoggedOnceWithSenderAndReasonAndNoSecret() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    root.addAppender(events);
    root.setLevel(Level.DEBUG);
    try {
      exchange(signed(AgentCommand.CREATE, ZONE, WRONG_SECRET.toTsig()), false);
      exchange(signed(AgentCommand.DELETE, ZONE, STRANGER.toTsig()), false);
      exchange(request(AgentCommand.NOTIFY, ZONE), true);
      assertSignedSuccess(AgentCommand.CREATE, CTL, false);
    } finally {
      root.setLevel(before);
      root.detachAppender(events);
    }
    List<String> warnings =
        events.list.stream()
            .filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertEquals(3, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .matches("CREATE for signed.test. from 127.0.0.1#\\d+ rejected: TSIG BADSIG"),
        warnings.get(0));
    assertTrue(warnings.get(1).contains("rejected: unknown TSIG key stranger."), warnings.get(1));
    assertTrue(
        warnings.get(2).contains("NOTIFY for signed.test. from 127.0.0.1#"), warnings.get(2));
    assertTrue(warnings.get(2).contains("unsigned, and a TSIG key is required"), warnings.get(2));
    for (ILoggingEvent e : events.list) {
      for (TsigKeySpec key : List.of(CTL, OLD, WRONG_SECRET, STRANGER)) {
        assertFalse(
            e.getFormattedMessage().contains(key.secret()),
            "secret in: " + e.getFormattedMessage());
      }
    }
  }

  private void assertSignedSuccess(AgentCommand command, TsigKeySpec key, boolean tcp)
      throws Exception {
    byte[] wire = signed(command, ZONE, key.toTsig());
    byte[] replyWire = RawExchange.send(agents.address("a"), wire, tcp);
    Message reply = new Message(replyWire);
    assertEquals(Rcode.NOERROR, reply.getRcode(), command + " with " + key.name());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertVerifies(reply, replyWire, wire, key);
  }

  private void assertSignedReply(Message request, int rcode) throws Exception {
    request.setTSIG(CTL.toTsig());
    byte[] wire = request.toWire(65535);
    byte[] replyWire = RawExchange.udp(agents.address("a"), wire);
    Message reply = new Message(replyWire);
    assertEquals(rcode, reply.getRcode(), reply.toString());
    assertVerifies(reply, replyWire, wire);
  }

  private static void assertVerifies(Message reply, byte[] replyWire, byte[] requestWire)
      throws Exception {
    assertVerifies(reply, replyWire, requestWire, CTL);
  }

  private static void assertVerifies(
      Message reply, byte[] replyWire, byte[] requestWire, TsigKeySpec key) throws Exception {
    assertNotNull(reply.getTSIG(), "reply is signed");
    TSIGRecord requestTsig = new Message(requestWire).getTSIG();
    assertEquals(Rcode.NOERROR, key.toTsig().verify(reply, replyWire, requestTsig));
  }

  private static void assertTsigError(Message reply, int error) {
    assertEquals(Rcode.NOTAUTH, reply.getRcode());
    assertNotNull(reply.getTSIG());
    assertEquals(error, reply.getTSIG().getError(), Rcode.TSIGstring(reply.getTSIG().getError()));
  }

  private Message exchange(byte[] wire, boolean tcp) throws Exception {
    return new Message(RawExchange.send(agents.address("a"), wire, tcp));
  }

  private Message exchange(Message unsigned, boolean tcp) throws Exception {
    return exchange(unsigned.toWire(65535), tcp);
  }

  private static Message request(AgentCommand command, Name zone) {
    return ControlMessages.request(command, zone, 4242);
  }

  private static byte[] signed(AgentCommand command, Name zone, TSIG key) {
    Message m = request(command, zone);
    m.setTSIG(key);
    return m.toWire(65535);
  }

  private static TSIG withClock(TsigKeySpec key, Instant when) {
    return new TSIG(
        key.algorithmName(),
        key.keyName(),
        new SecretKeySpec(Base64.getDecoder().decode(key.secret()), "HmacSHA256"),
        Clock.fixed(when, ZoneOffset.UTC));
  }

  /** The request signed with {@link #CTL}, its MAC then cut to {@code length} octets. */
  private static byte[] withMacLength(Message request, int length) throws Exception {
    Message signed = new Message(request.toWire());
    signed.setTSIG(CTL.toTsig());
    TSIGRecord t = new Message(signed.toWire(65535)).getTSIG();
    request.addRecord(
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
            null),
        Section.ADDITIONAL);
    return request.toWire(65535);
  }
}
