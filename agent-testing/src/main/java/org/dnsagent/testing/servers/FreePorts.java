// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks loopback ports that are free right now, for TCP and UDP both (a DNS server needs both). A
 * port can still be taken before the server binds it, so fixtures retry a failed start.
 */
public final class FreePorts {
  private static final Logger log = LoggerFactory.getLogger(FreePorts.class);
  private static final int ATTEMPTS = 50;

  /** How often a fixture tries to start its server, with new ports each time. */
  static final int START_ATTEMPTS = 3;

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

  /**
   * Runs {@code pickPortsAndStart} up to {@value #START_ATTEMPTS} times while it fails with an
   * {@link IllegalStateException} (most likely a port taken between the pick and the bind), and
   * throws the last failure.
   */
  static void startWithRetries(String server, Runnable pickPortsAndStart) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        pickPortsAndStart.run();
        return;
      } catch (IllegalStateException e) {
        last = e;
        log.debug("{} start attempt {} failed: {}", server, attempt, e.getMessage());
      }
    }
    throw last;
  }
}
