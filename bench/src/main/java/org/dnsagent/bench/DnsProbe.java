// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A blocking UDP DNS client on one socket, for polling servers from the bench: no resolver threads,
 * nothing shared, so many threads can each poll with their own. Not thread-safe.
 */
final class DnsProbe implements AutoCloseable {
  private final InetSocketAddress server;
  private final DatagramSocket socket;
  private final byte[] buffer = new byte[65535];

  DnsProbe(InetSocketAddress server, Duration timeout) {
    this.server = server;
    try {
      this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      socket.setSoTimeout((int) timeout.toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer to a query, or null if none came in time. */
  Message query(Name name, int type) throws IOException {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    int id = ThreadLocalRandom.current().nextInt(0x10000);
    query.getHeader().setID(id);
    byte[] wire = query.toWire();
    socket.send(new DatagramPacket(wire, wire.length, server));
    long deadline = System.nanoTime() + socket.getSoTimeout() * 1_000_000L;
    while (System.nanoTime() < deadline) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return null;
      }
      Message reply = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
      if (reply.getHeader().getID() == id) {
        return reply;
      }
    }
    return null;
  }

  /** The serial the server answers authoritatively for the zone, if it serves it. */
  OptionalLong soaSerial(Name zone) throws IOException {
    Message reply = query(zone, Type.SOA);
    if (reply == null
        || reply.getRcode() != Rcode.NOERROR
        || !reply.getHeader().getFlag(Flags.AA)) {
      return OptionalLong.empty();
    }
    for (Record r : reply.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        return OptionalLong.of(soa.getSerial());
      }
    }
    return OptionalLong.empty();
  }

  /** True once the server answers anything at all. */
  boolean answers(Name name) {
    try {
      return query(name, Type.SOA) != null;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
