// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports free for both UDP and TCP, for servers whose port must be known first. */
public final class FreePorts {
  private FreePorts() {}

  public static int udpAndTcp() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (DatagramSocket udp =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        int port = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket()) {
          tcp.setReuseAddress(true);
          tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          return port;
        } catch (IOException taken) {
          // TCP side is busy; try another.
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot open a loopback socket", e);
      }
    }
    throw new IllegalStateException("no free loopback port found");
  }
}
