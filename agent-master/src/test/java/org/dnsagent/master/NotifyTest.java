// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.dnsagent.spi.TsigKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** NOTIFY towards a fake secondary: a plain UDP socket that decides when to answer. */
class NotifyTest {
  private static final Name ZONE = name("example.org.");
  private static final Duration RETRY = Duration.ofMillis(100);
  @TempDir Path dir;
  private DatagramSocket secondary;
  private LocalMaster master;

  /** A NOTIFY as the secondary received it. */
  private record Received(Message message, byte[] wire, InetSocketAddress from) {
    long serial() {
      return ((SOARecord) message.getSection(Section.ANSWER).get(0)).getSerial();
    }
  }

  @BeforeEach
  void listen() throws IOException {
    secondary = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (master != null) {
      master.close();
    }
    secondary.close();
  }

  private void start(LocalMasterOptions.Builder options) throws IOException {
    master =
        new LocalMaster(
            options
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .pollInterval(Duration.ofHours(1))
                .notifyTarget((InetSocketAddress) secondary.getLocalSocketAddress())
                .notifyRetryInterval(RETRY)
                .build());
    master.start();
  }

  private Received receive(Duration wait) throws IOException {
    secondary.setSoTimeout((int) wait.toMillis());
    byte[] buffer = new byte[65535];
    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
    try {
      secondary.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    byte[] wire = Arrays.copyOf(buffer, p.getLength());
    return new Received(new Message(wire), wire, (InetSocketAddress) p.getSocketAddress());
  }

  private Received expectNotify(long serial) throws IOException {
    Received r = receive(Duration.ofSeconds(5));
    assertNotNull(r, "no NOTIFY");
    Message m = r.message();
    assertEquals(Opcode.NOTIFY, m.getHeader().getOpcode());
    assertTrue(m.getHeader().getFlag(Flags.AA));
    assertFalse(m.getHeader().getFlag(Flags.QR));
    assertEquals(ZONE, m.getQuestion().getName());
    assertEquals(Type.SOA, m.getQuestion().getType());
    assertEquals(serial, r.serial());
    assertEquals(master.port(), r.from().getPort(), "sent from the master's own socket");
    return r;
  }

  private void answer(Received r) throws IOException {
    Message response = new Message(r.message().getHeader().getID());
    response.getHeader().setOpcode(Opcode.NOTIFY);
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.addRecord(r.message().getQuestion(), Section.QUESTION);
    byte[] wire = response.toWire();
    secondary.send(new DatagramPacket(wire, wire.length, r.from()));
  }

  /** Nothing more arrives for longer than the next retry would take. */
  private void expectSilence() throws IOException {
    assertNull(receive(RETRY.multipliedBy(5)), "unexpected packet");
  }

  @Test
  void serialBumpSendsNotifyRetriedUntilAnswered() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 2));
    start(LocalMasterOptions.builder(dir));
    answer(expectNotify(1)); // a new zone is announced at startup

    TestZones.write(dir, "example.org.zone", TestZones.small(2, 2));
    master.reloadNow();
    Received first = expectNotify(2);
    Received retry = expectNotify(2);
    assertEquals(first.message().getHeader().getID(), retry.message().getHeader().getID());
    answer(retry);
    expectSilence();
  }

  @Test
  void unansweredNotifyStopsAfterTheRetries() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 2));
    long t0 = System.nanoTime();
    start(LocalMasterOptions.builder(dir).notifyRetries(3));
    Duration[] arrivals = new Duration[4];
    for (int i = 0; i < 4; i++) {
      expectNotify(1);
      arrivals[i] = Duration.ofNanos(System.nanoTime() - t0);
    }
    // Intervals double: 100, 200, 400 ms.
    assertTrue(arrivals[3].minus(arrivals[2]).compareTo(arrivals[1].minus(arrivals[0])) > 0);
    assertNull(receive(Duration.ofMillis(1200)), "more than 1 + 3 transmissions");
  }

  @Test
  void contentChangeWithoutSerialChangeSendsNothing() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 2));
    start(LocalMasterOptions.builder(dir));
    answer(expectNotify(1));

    TestZones.write(dir, "example.org.zone", TestZones.small(1, 5));
    master.reloadNow();

    expectSilence();
    assertEquals(1, master.zone(ZONE).orElseThrow().serial());
  }

  @Test
  void newFilesAreAnnouncedAndRemovedOnesAreNot() throws Exception {
    start(LocalMasterOptions.builder(dir));
    expectSilence();
    Path file = TestZones.write(dir, "example.org.zone", TestZones.small(9, 1));
    master.reloadNow();
    answer(expectNotify(9));

    Files.delete(file);
    master.reloadNow();
    expectSilence();
    assertFalse(master.notifyTargets(ZONE), "zone is gone");
  }

  @Test
  void notifyTargetsResendsOnRequestAndSignsWithTheNotifyKey() throws Exception {
    TsigKeySpec key = new TsigKeySpec("notify-key", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQ=");
    TestZones.write(dir, "example.org.zone", TestZones.small(4, 1));
    start(LocalMasterOptions.builder(dir).notifyKey(key));
    answer(expectNotify(4));

    assertTrue(master.notifyTargets(ZONE));
    Received again = expectNotify(4);
    assertNotNull(again.message().getTSIG());
    TSIG verifier = key.toTsig();
    assertEquals(Rcode.NOERROR, verifier.verify(again.message(), again.wire(), null));
    answer(again);
    expectSilence();
  }
}
