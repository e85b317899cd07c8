// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static org.dnsagent.master.TestZones.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Starting, stopping, and the limits that keep a busy or abused master healthy. */
class LifecycleTest {
  @TempDir Path dir;

  private LocalMasterOptions.Builder options(String host) {
    return LocalMasterOptions.builder(dir)
        .listenAddress(new InetSocketAddress(host, 0))
        .pollInterval(Duration.ofHours(1));
  }

  private static long masterThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dns-master") && t.isAlive())
        .count();
  }

  @Test
  void closeStopsEveryThreadAndFreesThePort() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 1));
    long before = masterThreads();
    LocalMaster master = new LocalMaster(options("127.0.0.1").build());
    master.start();
    int port = master.port();
    try (DnsClient.Tcp tcp = new DnsClient.Tcp(master.address())) {
      assertEquals(
          Rcode.NOERROR, tcp.exchange(DnsClient.query(name("example.org."), Type.SOA)).getRcode());
      assertTrue(masterThreads() > before);
      master.close();
      assertThrows(Exception.class, tcp::receive, "open connections are closed too");
    }
    master.close(); // idempotent

    assertEquals(before, masterThreads());
    try (ServerSocket tcp = new ServerSocket(port, 1, master.address().getAddress());
        DatagramSocket udp = new DatagramSocket(port, master.address().getAddress())) {
      assertEquals(port, tcp.getLocalPort());
      assertEquals(port, udp.getLocalPort());
    }
  }

  @Test
  void servesOverIpv6Loopback() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 1));
    try (LocalMaster master = new LocalMaster(options("::1").build())) {
      master.start();
      Message reply =
          DnsClient.udp(master.address(), DnsClient.query(name("example.org."), Type.SOA));
      assertEquals(Rcode.NOERROR, reply.getRcode());
    }
  }

  @Test
  void startFailsCleanlyOnAMissingDirectoryOrABusyPort() throws Exception {
    LocalMasterOptions missing =
        LocalMasterOptions.builder(dir.resolve("nope"))
            .listenAddress(new InetSocketAddress("127.0.0.1", 0))
            .build();
    try (LocalMaster master = new LocalMaster(missing)) {
      assertThrows(NotDirectoryException.class, master::start);
    }
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        LocalMaster master =
            new LocalMaster(
                options("127.0.0.1")
                    .listenAddress(new InetSocketAddress("127.0.0.1", busy.getLocalPort()))
                    .build())) {
      assertThrows(BindException.class, master::start);
    }
  }

  @Test
  void idleTcpConnectionsAreClosed() throws Exception {
    try (LocalMaster master =
        new LocalMaster(options("127.0.0.1").tcpIdleTimeout(Duration.ofMillis(200)).build())) {
      master.start();
      try (DnsClient.Tcp tcp = new DnsClient.Tcp(master.address())) {
        long t0 = System.nanoTime();
        assertThrows(EOFException.class, tcp::receive);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos());
      }
    }
  }

  @Test
  void tcpConnectionsBeyondTheLimitWaitForAFreeSlot() throws Exception {
    TestZones.write(dir, "example.org.zone", TestZones.small(1, 1));
    Message query = DnsClient.query(name("example.org."), Type.SOA);
    try (LocalMaster master = new LocalMaster(options("127.0.0.1").maxTcpConnections(1).build())) {
      master.start();
      DnsClient.Tcp first = new DnsClient.Tcp(master.address());
      assertEquals(Rcode.NOERROR, first.exchange(query).getRcode());
      try (DnsClient.Tcp second = new DnsClient.Tcp(master.address())) {
        second.send(query.toWire());
        assertThrows(
            SocketTimeoutException.class, () -> second.receiveWithin(Duration.ofMillis(300)));
        first.close();
        assertEquals(Rcode.NOERROR, second.receive().getRcode());
      }
    }
  }
}
