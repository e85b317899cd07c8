// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * TCP connection slots (issue 17 item 9): idle connections from a host outside allow_notify take no
 * slot, and one host, even an allowed one, cannot hold them all.
 */
class TcpSlotsTest {
  private static final Name ZONE = TestZones.name("slots.test.");

  @TempDir Path dir;
  private KeyedAgents agents;
  private final List<Socket> idle = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 1, 2);
    agents.startAgent(
        "a",
        Optional.empty(),
        "allow_notify = 127.0.0.1, 127.0.0.3\nmax_tcp_connections = 20\ntcp_idle_timeout = 60",
        List.of());
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : idle) {
      s.close();
    }
    agents.close();
  }

  @Test
  void idleConnectionsFromOutsideAllowNotifyTakeNoSlot() throws Exception {
    holdIdle(InetAddress.getByName("127.0.0.2"), 60);
    Message reply = createOverTcpFrom(InetAddress.getByName("127.0.0.1"));
    assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
    assertTrue(Files.exists(agents.zoneFile("a", ZONE)));
  }

  @Test
  void oneSourceCannotHoldEverySlot() throws Exception {
    holdIdle(InetAddress.getByName("127.0.0.1"), 60);
    Message reply = createOverTcpFrom(InetAddress.getByName("127.0.0.3"));
    assertEquals(Rcode.NOERROR, reply.getRcode(), reply.toString());
  }

  private void holdIdle(InetAddress source, int count) throws Exception {
    InetSocketAddress agent = agents.address("a");
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(source, 0));
      s.connect(agent, 5000);
      idle.add(s);
    }
    Thread.sleep(1000); // the agent accepts them (or closes them) meanwhile
  }

  private Message createOverTcpFrom(InetAddress source) throws Exception {
    byte[] wire = ControlMessages.request(AgentCommand.CREATE, ZONE, 77).toWire(65535);
    return new Message(RawExchange.tcp(agents.address("a"), wire, source));
  }
}
