// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * Which key may do what, and where (issue 17, items 1 and 2): a master's transfer key never creates
 * or deletes a zone, and signs a NOTIFY only from that master; a target that lists keys or listen
 * addresses is provisioned only by requests signed with its keys and sent to its addresses.
 */
class KeyScopeTest {
  static final TsigKeySpec CTL =
      new TsigKeySpec("ctl", "hmac-sha256", "Y29udHJvbC1rZXktb2YtdGhlLWNvbnRyb2xsZXI=");
  static final TsigKeySpec XFR =
      new TsigKeySpec("xfr", "hmac-sha256", "dHJhbnNmZXIta2V5LXNoYXJlZC13aXRoLXNlY29uZGFyaWVz");
  static final TsigKeySpec VIEW_A =
      new TsigKeySpec("view-a", "hmac-sha256", "dmlldy1hLWtleS1zZWNyZXQ=");
  static final TsigKeySpec VIEW_B =
      new TsigKeySpec("view-b", "hmac-sha256", "dmlldy1iLWtleS1zZWNyZXQ=");
  private static final Name ZONE = TestZones.name("scoped.test.");
  private static final AtomicInteger IDS = new AtomicInteger(1000);

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, m -> m.tsigKey(XFR).requireTsig(true));
    agents.publish(ZONE, 5, 3);
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void aTransferKeyIsNotAControlKey(boolean tcp) throws Exception {
    agents.startAgent("a", Optional.of(XFR), "tsig_keys = ctl", List.of(CTL, XFR));
    Path file = agents.zoneFile("a", ZONE);

    assertRefusedSigned(send("a", AgentCommand.CREATE, XFR, tcp, null), XFR, "CREATE with xfr");
    assertFalse(Files.exists(file), "a CREATE signed with the transfer key created nothing");

    assertEquals(Rcode.NOERROR, send("a", AgentCommand.CREATE, CTL, tcp, null).reply.getRcode());
    assertTrue(Files.exists(file));

    assertRefusedSigned(send("a", AgentCommand.DELETE, XFR, tcp, null), XFR, "DELETE with xfr");
    assertTrue(Files.exists(file), "a DELETE signed with the transfer key deleted nothing");

    // NOTIFY: the master's key is good from the master's address only.
    Exchange fromMaster =
        send("a", AgentCommand.NOTIFY, XFR, tcp, InetAddress.getByName("127.0.0.1"));
    assertEquals(Rcode.NOERROR, fromMaster.reply.getRcode(), "NOTIFY with xfr from the master");
    assertRefusedSigned(
        send("a", AgentCommand.NOTIFY, XFR, tcp, InetAddress.getByName("127.0.0.2")),
        XFR,
        "NOTIFY with xfr from elsewhere");
    assertEquals(Rcode.NOERROR, send("a", AgentCommand.NOTIFY, CTL, tcp, null).reply.getRcode());

    assertEquals(Rcode.NOERROR, send("a", AgentCommand.DELETE, CTL, tcp, null).reply.getRcode());
    assertFalse(Files.exists(file));
  }

  @Test
  void aTargetBoundToKeysAndAListenerStaysBound() throws Exception {
    // Target a: key view-a, any listener. Target b: key view-b, and the agent's only listener.
    agents.startAgent(
        "v",
        Optional.of(XFR),
        "tsig_keys = ctl\ntargets = a, b\n"
            + "[target:a]\nbackend_driver = files\ntsig_keys = view-a\n"
            + "[target:b]\nbackend_driver = files\ntsig_keys = view-b\nlisten = 127.0.0.1:{port}",
        List.of(CTL, XFR, VIEW_A, VIEW_B));
    Path inA = ZoneFiles.pathFor(dir.resolve("v/target-a/zones"), ZONE, ".zone");
    Path inB = ZoneFiles.pathFor(dir.resolve("v/target-b/zones"), ZONE, ".zone");

    // An agent-level key on b's listener: b lists only its own key.
    assertRefusedSigned(send("v", AgentCommand.CREATE, CTL, false, null), CTL, "ctl on b");
    // a's key on b's listener: key and listener disagree.
    assertRefusedSigned(send("v", AgentCommand.CREATE, VIEW_A, false, null), VIEW_A, "view-a on b");
    assertFalse(Files.exists(inA), "nothing created in a");
    assertFalse(Files.exists(inB), "nothing created in b");

    assertEquals(
        Rcode.NOERROR, send("v", AgentCommand.CREATE, VIEW_B, true, null).reply.getRcode());
    assertTrue(Files.exists(inB), "b's key on b's listener provisions b");
    assertFalse(Files.exists(inA));
  }

  private record Exchange(Message reply, byte[] replyWire, byte[] requestWire) {}

  private Exchange send(
      String agent, AgentCommand command, TsigKeySpec key, boolean tcp, InetAddress source)
      throws Exception {
    Message m = ControlMessages.request(command, ZONE, IDS.incrementAndGet());
    m.setTSIG(key.toTsig());
    byte[] wire = m.toWire(65535);
    byte[] replyWire = RawExchange.send(agents.address(agent), wire, tcp, source);
    return new Exchange(new Message(replyWire), replyWire, wire);
  }

  private static void assertRefusedSigned(Exchange e, TsigKeySpec key, String what)
      throws Exception {
    assertEquals(Rcode.REFUSED, e.reply.getRcode(), what + ": " + e.reply);
    assertNotNull(e.reply.getTSIG(), what + ": the refusal is signed");
    TSIGRecord requestTsig = new Message(e.requestWire).getTSIG();
    assertEquals(
        Rcode.NOERROR, key.toTsig().verify(e.reply, e.replyWire, requestTsig), what + " verifies");
  }
}
