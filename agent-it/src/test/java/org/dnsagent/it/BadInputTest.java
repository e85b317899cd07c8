// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Hostile and broken requests get the right answer, write nothing, and never stop the agent. */
class BadInputTest {

  private static final Name GOOD = TestZones.name("good.test.");

  @TempDir Path dir;
  private AgentFixture f;

  @BeforeEach
  void start() throws Exception {
    f =
        AgentFixture.start(
            dir, "tcp_recv_timeout = 0.5\ntcp_idle_timeout = 2\nmax_request_size = 4096\n", false);
    f.publish(GOOD, 1, 1);
  }

  @AfterEach
  void stop() throws Exception {
    // Whatever came before, the agent still does its job.
    assertTrue(f.client().create(GOOD).succeeded(), "the agent still serves after bad input");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        assertTrue(
            rel.matches(
                "([a-z0-9]+/)?(master/[^/]+|state/(zones|journal)/[^/]+|state/admin\\.token|agent\\.conf)"),
            "unexpected file " + rel);
      }
    }
    f.close();
  }

  @Test
  void truncatedAndGarbagePacketsOverUdp() throws Exception {
    byte[] create = ControlMessages.request(AgentCommand.CREATE, GOOD, 0x1234).toWire();
    for (int cut = 1; cut < create.length; cut++) {
      byte[] part = java.util.Arrays.copyOf(create, cut);
      Message reply = udp(part, 300);
      if (cut < 12) {
        assertNull(reply, "no reply to " + cut + " bytes: no header to answer");
      } else {
        assertNotNull(reply, "a reply to " + cut + " bytes");
        assertEquals(Rcode.FORMERR, reply.getRcode());
        assertEquals(0x1234, reply.getHeader().getID());
      }
    }
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      byte[] junk = new byte[random.nextInt(600)];
      random.nextBytes(junk);
      udpSend(junk);
    }
  }

  @Test
  void wrongClassOrTypeIsRefusedWithTheQuestionEchoed() throws Exception {
    Message wrongClass = ControlMessages.request(AgentCommand.CREATE, GOOD, 7);
    wrongClass.removeAllRecords(Section.QUESTION);
    wrongClass.addRecord(Record.newRecord(GOOD, 65282, DClass.IN), Section.QUESTION);
    Message reply = udp(wrongClass.toWire(), 2000);
    assertEquals(Rcode.REFUSED, reply.getRcode());
    assertEquals(wrongClass.getQuestion(), reply.getQuestion());
    Message wrongType = ControlMessages.request(AgentCommand.CREATE, GOOD, 8);
    wrongType.removeAllRecords(Section.QUESTION);
    wrongType.addRecord(Record.newRecord(GOOD, 65284, 65280), Section.QUESTION);
    assertEquals(Rcode.REFUSED, udp(wrongType.toWire(), 2000).getRcode());
  }

  @Test
  void responsesAreIgnoredNotAnswered() throws Exception {
    byte[] qr = ControlMessages.request(AgentCommand.CREATE, GOOD, 9).toWire();
    qr[2] |= (byte) 0x80;
    assertNull(udp(qr, 500), "a message with QR set gets no reply (no reply loops)");
    assertFalse(Files.exists(f.zoneFile(GOOD)), "and does nothing");
  }

  @Test
  void severalQuestionsAreFormerr() throws Exception {
    Message two = ControlMessages.request(AgentCommand.CREATE, GOOD, 10);
    two.addRecord(Record.newRecord(TestZones.name("other.test."), 65282, 65280), Section.QUESTION);
    assertEquals(Rcode.FORMERR, udp(two.toWire(), 2000).getRcode());
  }

  @Test
  void oversizeTcpFrameClosesTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", f.agentPort)) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {(byte) 0xff, (byte) 0xff});
      out.write(new byte[8192]);
      out.flush();
      assertEquals(-1, readOrEof(s.getInputStream()), "connection closed");
    }
  }

  @Test
  void slowSenderIsCutOffWhileOthersAreServed() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", f.agentPort)) {
      slow.setSoTimeout(3000);
      byte[] create = ControlMessages.request(AgentCommand.CREATE, GOOD, 11).toWire();
      slow.getOutputStream().write(new byte[] {0, (byte) create.length, create[0], create[1]});
      slow.getOutputStream().flush();
      assertTrue(f.client().create(GOOD).succeeded(), "served meanwhile");
      assertEquals(
          -1, readOrEof(slow.getInputStream()), "the slow frame is dropped after tcp_recv_timeout");
    }
  }

  @Test
  void severalRequestsOnOneTcpConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", f.agentPort)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      for (int id = 1; id <= 3; id++) {
        byte[] m = ControlMessages.request(AgentCommand.CREATE, GOOD, id).toWire();
        out.write(new byte[] {(byte) (m.length >> 8), (byte) m.length});
        out.write(m);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      java.util.Set<Integer> ids = new java.util.HashSet<>();
      for (int i = 0; i < 3; i++) {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        Message m = new Message(reply);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertTrue(m.getHeader().getFlag(Flags.AA));
        ids.add(m.getHeader().getID());
      }
      assertEquals(java.util.Set.of(1, 2, 3), ids);
    }
  }

  @Test
  void requestsFromStrangersAreRefused() throws Exception {
    f.close();
    f = AgentFixture.start(dir.resolve("acl"), "allow_notify = 127.0.0.2\n", false);
    f.publish(GOOD, 1, 1);
    for (AgentCommand c : AgentCommand.values()) {
      assertEquals(Rcode.REFUSED, f.client().send(c, GOOD).rcode(), c + " from 127.0.0.1");
    }
    try (DatagramSocket from2 = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
      Message reply =
          udp(from2, ControlMessages.request(AgentCommand.CREATE, GOOD, 5).toWire(), 10_000);
      assertEquals(Rcode.NOERROR, reply.getRcode(), "allowed sender");
    }
    // The @AfterEach check creates from 127.0.0.1; let it through again.
    f.close();
    f = AgentFixture.start(dir.resolve("acl2"), "", false);
    f.publish(GOOD, 1, 1);
  }

  @Test
  void hostileZoneNamesAreRefusedAndWriteNothing() throws Exception {
    List<String> hostile =
        List.of(
            "a\\\"b.example.",
            "x\\;y.example.",
            "\\.\\..example.",
            "a\\/b.example.",
            "\\.\\.\\/\\.\\.\\/etc.example.",
            "a\\\\b.example.",
            "a\\000b.example.",
            "a\\010b.example.",
            "a\\{b\\}.example.",
            "$\\(reboot\\).example.");
    for (String text : hostile) {
      Name zone = Name.fromString(text);
      for (AgentCommand c : AgentCommand.values()) {
        assertEquals(Rcode.REFUSED, f.client().send(c, zone).rcode(), c + " " + text);
      }
    }
  }

  @Test
  void longestLegalNameIsStoredSafely() throws Exception {
    String label = "a".repeat(63);
    Name longest = Name.fromString(label + "." + label + "." + label + "." + "b".repeat(61) + ".");
    assertEquals(255, longest.length());
    Files.writeString(
        f.masterZones.resolve("longest.zone"),
        "$ORIGIN "
            + longest
            + "\n@ 300 IN SOA ns.example. host.example. 1 60 60 600 60\n@ 300 IN NS ns.example.\n");
    f.master.reloadNow();
    assertTrue(f.client().create(longest).succeeded());
    assertEquals(1, f.agentSoa(longest).orElseThrow().getSerial());
    assertTrue(f.zoneFile(longest).getFileName().toString().length() < 200);
  }

  private Message udp(byte[] wire, int timeoutMillis) throws IOException {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return udp(socket, wire, timeoutMillis);
    }
  }

  private Message udp(DatagramSocket socket, byte[] wire, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    socket.send(new DatagramPacket(wire, wire.length, f.agentAddress()));
    byte[] buffer = new byte[4096];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new Message(java.util.Arrays.copyOf(buffer, p.getLength()));
  }

  private void udpSend(byte[] wire) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(wire, wire.length, f.agentAddress()));
    }
  }

  private static int readOrEof(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (java.net.SocketException e) {
      return -1; // reset by the agent: closed as well
    }
  }
}
