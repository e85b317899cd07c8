// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;

/**
 * Serves DNS over UDP on one socket with one thread: lookups are cheap, and transfers go to TCP.
 * Responses (QR set) are NOTIFY acknowledgements and go to {@code responses} instead.
 */
final class UdpServer {
  private static final Logger log = LoggerFactory.getLogger(UdpServer.class);

  private final DatagramSocket socket;
  private final QueryHandler handler;
  private final BiConsumer<Message, InetSocketAddress> responses;
  private final Thread thread;

  UdpServer(
      DatagramSocket socket,
      QueryHandler handler,
      BiConsumer<Message, InetSocketAddress> responses,
      String threadPrefix) {
    this.socket = socket;
    this.handler = handler;
    this.responses = responses;
    this.thread = new Thread(this::run, threadPrefix + "-udp-" + socket.getLocalPort());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Sends a datagram from the server's address, so replies to it come back here. */
  void send(byte[] message, InetSocketAddress target) throws IOException {
    socket.send(new DatagramPacket(message, message.length, target));
  }

  private void run() {
    byte[] buffer = new byte[65535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!socket.isClosed()) {
      packet.setLength(buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          log.warn("UDP receive failed: {}", e.toString());
        }
        continue;
      }
      byte[] request = Arrays.copyOf(buffer, packet.getLength());
      InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
      try {
        serve(request, from);
      } catch (IOException | RuntimeException e) {
        // One bad packet or failed send must not stop the listener.
        log.debug("UDP request from {} failed: {}", from, e.toString());
      }
    }
  }

  private void serve(byte[] request, InetSocketAddress from) throws IOException {
    if (request.length >= Header.LENGTH && (request[2] & 0x80) != 0) {
      Message response = new Message(request);
      if (response.getHeader().getFlag(Flags.QR)) {
        responses.accept(response, from);
      }
      return;
    }
    handler.handle(request, from.getAddress(), false, reply -> send(reply, from));
  }

  void close() {
    socket.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
