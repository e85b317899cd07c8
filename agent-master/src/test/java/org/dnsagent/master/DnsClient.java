// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferIn;

/** Blocking one-shot DNS exchanges for tests; no resolver threads, short timeouts. */
final class DnsClient {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private DnsClient() {}

  static Message query(Name name, int type) {
    return Message.newQuery(Record.newRecord(name, type, DClass.IN));
  }

  /** Sends a datagram; returns the reply, or null if none came within {@code wait}. */
  static byte[] udpRaw(InetSocketAddress server, byte[] request, Duration wait) throws IOException {
    String loopback = server.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1";
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      socket.setSoTimeout((int) wait.toMillis());
      socket.send(new DatagramPacket(request, request.length, server));
      byte[] buffer = new byte[65535];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return Arrays.copyOf(buffer, packet.getLength());
    }
  }

  static Message udp(InetSocketAddress server, Message query) throws IOException {
    // toWire(int) also applies a TSIG set with setTSIG.
    byte[] reply = udpRaw(server, query.toWire(Message.MAXLENGTH), TIMEOUT);
    if (reply == null) {
      throw new SocketTimeoutException("no UDP reply");
    }
    return new Message(reply);
  }

  /** One TCP connection to the server. */
  static final class Tcp implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    Tcp(InetSocketAddress server) throws IOException {
      socket = new Socket();
      socket.connect(server, (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    }

    void send(byte[] request) throws IOException {
      out.writeShort(request.length);
      out.write(request);
      out.flush();
    }

    byte[] receiveRaw() throws IOException {
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      return reply;
    }

    /** Receives one message, waiting at most {@code wait}. */
    Message receiveWithin(Duration wait) throws IOException {
      socket.setSoTimeout((int) wait.toMillis());
      try {
        return receive();
      } finally {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
      }
    }

    Message receive() throws IOException {
      return new Message(receiveRaw());
    }

    Message exchange(Message query) throws IOException {
      send(query.toWire(Message.MAXLENGTH));
      return receive();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static ZoneTransferIn axfr(LocalMaster master, Name zone, TSIG key) {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(zone, master.address(), key);
    xfr.setTimeout(Duration.ofSeconds(30));
    return xfr;
  }

  static ZoneTransferIn ixfr(LocalMaster master, Name zone, long serial, TSIG key) {
    ZoneTransferIn xfr = ZoneTransferIn.newIXFR(zone, serial, true, master.address(), key);
    xfr.setTimeout(Duration.ofSeconds(30));
    return xfr;
  }
}
