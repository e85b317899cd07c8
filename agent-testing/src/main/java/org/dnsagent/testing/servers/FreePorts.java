// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports that are free right now, for TCP and UDP both (a DNS server needs both). A
 * port can still be taken before the server binds it, so fixtures retry a failed start.
 */
public final class FreePorts {
  private static final int ATTEMPTS = 50;

  private FreePorts() {}

  /** A port free on 127.0.0.1 for TCP and UDP. */
  public static int tcpAndUdp() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int i = 0; i < ATTEMPTS; i++) {
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.setReuseAddress(false);
        tcp.bind(new InetSocketAddress(loopback, 0));
        int port = tcp.getLocalPort();
        if (port < 1024) {
          continue;
        }
        try {
          new DatagramSocket(new InetSocketAddress(loopback, port)).close();
          return port;
        } catch (IOException taken) {
          // UDP side busy: try another port
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind a loopback port", e);
      }
    }
    throw new IllegalStateException("no free loopback port after " + ATTEMPTS + " attempts");
  }

  /** A port free on 127.0.0.1 for TCP. */
  public static int tcp() {
    try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return tcp.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
  }
}
