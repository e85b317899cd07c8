// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Replay protection per key (RFC 8945 5.2.3, issue 17 item 3): a signed request accepted once is
 * never acted on again, over either transport, so a captured CREATE cannot bring a deleted zone
 * back and a captured DELETE cannot remove a zone created after it.
 */
class ReplayTest {
  private static final TsigKeySpec CTL = KeyScopeTest.CTL;
  private static final Name ZONE = TestZones.name("replayed.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 3, 2);
    agents.startAgent("a", Optional.empty(), "tsig_keys = ctl", List.of(CTL));
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @ParameterizedTest(name = "first over tcp={0}")
  @ValueSource(booleans = {false, true})
  void replayedCreateAndDeleteAreRefused(boolean tcp) throws Exception {
    Path file = agents.zoneFile("a", ZONE);
    byte[] create = signed(AgentCommand.CREATE, 101);
    byte[] delete = signed(AgentCommand.DELETE, 102);
    assertEquals(Rcode.NOERROR, exchange(create, tcp).getRcode());
    assertTrue(Files.exists(file));
    assertEquals(Rcode.NOERROR, exchange(delete, tcp).getRcode());
    assertFalse(Files.exists(file));

    Thread.sleep(1100);
    for (boolean replayTcp : List.of(tcp, !tcp)) {
      assertReplayRefused(exchange(create, replayTcp), "CREATE replayed, tcp=" + replayTcp);
      assertFalse(Files.exists(file), "the replayed CREATE did not bring the zone back");
    }

    assertEquals(Rcode.NOERROR, exchange(signed(AgentCommand.CREATE, 103), tcp).getRcode());
    assertTrue(Files.exists(file), "a fresh CREATE is acted on");
    for (boolean replayTcp : List.of(tcp, !tcp)) {
      assertReplayRefused(exchange(delete, replayTcp), "DELETE replayed, tcp=" + replayTcp);
      assertTrue(Files.exists(file), "the old DELETE did not remove the new zone");
    }
  }

  private static void assertReplayRefused(Message reply, String what) {
    assertEquals(Rcode.NOTAUTH, reply.getRcode(), what + ": " + reply);
    assertNotNull(reply.getTSIG(), what);
    assertEquals(Rcode.BADTIME, reply.getTSIG().getError(), what);
  }

  private Message exchange(byte[] wire, boolean tcp) throws Exception {
    return new Message(RawExchange.send(agents.address("a"), wire, tcp));
  }

  private static byte[] signed(AgentCommand command, int id) {
    Message m = ControlMessages.request(command, ZONE, id);
    m.setTSIG(CTL.toTsig());
    return m.toWire(65535);
  }
}
