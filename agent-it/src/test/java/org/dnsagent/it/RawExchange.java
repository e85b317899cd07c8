// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * Sends request bytes as they are and returns the reply bytes as they came, so that tests can forge
 * TSIG records and verify a reply's MAC over its exact wire form.
 */
final class RawExchange {
  private static final int TIMEOUT_MS = 10_000;

  private RawExchange() {}

  static byte[] send(InetSocketAddress server, byte[] request, boolean tcp) throws IOException {
    return tcp ? tcp(server, request) : udp(server, request);
  }

  static byte[] send(InetSocketAddress server, byte[] request, boolean tcp, InetAddress source)
      throws IOException {
    return tcp ? tcp(server, request, source) : udp(server, request, source);
  }

  static byte[] udp(InetSocketAddress server, byte[] request) throws IOException {
    return udp(server, request, null);
  }

  /** Over UDP from {@code source} (a loopback address such as 127.0.0.2), or any if null. */
  static byte[] udp(InetSocketAddress server, byte[] request, InetAddress source)
      throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
      socket.setSoTimeout(TIMEOUT_MS);
      socket.send(new DatagramPacket(request, request.length, server));
      byte[] buffer = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      return Arrays.copyOf(buffer, reply.getLength());
    }
  }

  static byte[] tcp(InetSocketAddress server, byte[] request) throws IOException {
    return tcp(server, request, null);
  }

  /** Over TCP from {@code source}, or any if null. */
  static byte[] tcp(InetSocketAddress server, byte[] request, InetAddress source)
      throws IOException {
    try (Socket socket = new Socket()) {
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(server, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(request.length);
      out.write(request);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return reply;
    }
  }
}
