// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A TCP primary whose every connection follows a script: the test decides what is answered, how it
 * is split into messages, and when the primary stalls or hangs up. One connection at a time, on
 * 127.0.0.1.
 */
public final class ScriptedPrimary implements AutoCloseable {
  /** What the primary does on one connection, given the first request. */
  @FunctionalInterface
  public interface Script {
    void serve(Message query, Connection connection) throws Exception;
  }

  /** The primary's side of one connection. */
  public static final class Connection {
    private final DataInputStream in;
    private final DataOutputStream out;

    Connection(Socket socket) throws IOException {
      this.in = new DataInputStream(socket.getInputStream());
      this.out = new DataOutputStream(socket.getOutputStream());
    }

    private byte[] lastRequest = new byte[0];

    public Message read() throws IOException {
      byte[] wire = new byte[in.readUnsignedShort()];
      in.readFully(wire);
      lastRequest = wire;
      return new Message(wire);
    }

    /** The bytes of the request {@link #read} returned last (a TSIG MAC covers these exactly). */
    byte[] lastRequestWire() {
      return lastRequest.clone();
    }

    public void send(Message m) throws IOException {
      sendWire(m.toWire());
    }

    void sendWire(byte[] wire) throws IOException {
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
    }

    /** One message per record group: {@code groups} of records, each its own message. */
    public void send(Message query, List<List<Record>> groups) throws IOException {
      boolean first = true;
      for (List<Record> group : groups) {
        Message m = reply(query, first);
        first = false;
        for (Record r : group) {
          m.addRecord(r, Section.ANSWER);
        }
        send(m);
      }
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final Thread thread;

  public ScriptedPrimary(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "scripted-primary");
    thread.setDaemon(true);
    thread.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** An answer to {@code query}, with the question if {@code withQuestion}. */
  public static Message reply(Message query, boolean withQuestion) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (withQuestion) {
      m.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return m;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(10_000);
        Connection c = new Connection(s);
        script.serve(c.read(), c);
      } catch (SocketException closed) {
        if (server.isClosed()) {
          return;
        }
      } catch (Exception e) {
        // one failed exchange; the client sees the connection drop
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
