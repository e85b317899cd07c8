// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One authenticated TCP connection to named's control channel. Opening it performs rndc's handshake
 * (a {@code null} command whose reply carries a nonce); every later command echoes that nonce. Not
 * thread-safe: {@link NativeRndcTransport} serialises access.
 */
final class RndcConnection implements Closeable {
  /** Messages expire this long after they are sent, as rndc sets them. */
  private static final long EXPIRY_SECONDS = 60;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final RndcKey key;
  private final LongSupplier serials;
  private long nonce = -1;

  /** named closed the connection before answering the handshake: wrong key or address. */
  static final class HandshakeRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    HandshakeRefusedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private RndcConnection(Socket socket, RndcKey key, LongSupplier serials) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.key = key;
    this.serials = serials;
  }

  /**
   * Connects and completes the handshake before {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  static RndcConnection open(
      InetSocketAddress address, RndcKey key, LongSupplier serials, long deadlineNanos)
      throws IOException {
    requireNonNull(address, "address is null");
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, remainingMillis(deadlineNanos));
      RndcConnection connection = new RndcConnection(socket, key, serials);
      IsccMessage reply;
      try {
        reply = connection.roundTrip("null", deadlineNanos);
      } catch (EOFException e) {
        throw new HandshakeRefusedException(
            "named closed the control connection during the handshake", e);
      }
      connection.nonce =
          reply
              .ctrlNumber("_nonce")
              .orElseThrow(() -> new IOException("named's handshake reply has no nonce"));
      return connection;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Runs one command line (for example {@code status}) and returns named's answer. */
  RndcResponse execute(String command, long deadlineNanos) throws IOException {
    IsccMessage reply = roundTrip(command, deadlineNanos);
    Map<String, String> data = reply.data();
    int result;
    try {
      result = Integer.parseInt(data.getOrDefault("result", "0").trim());
    } catch (NumberFormatException e) {
      throw new IOException("named's reply has a malformed result '" + data.get("result") + "'");
    }
    return new RndcResponse(result, data.getOrDefault("text", ""), data.getOrDefault("err", ""));
  }

  private IsccMessage roundTrip(String command, long deadlineNanos) throws IOException {
    long serial = serials.getAsLong() & 0xFFFF_FFFFL;
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> ctrl = new LinkedHashMap<>();
    ctrl.put("_ser", Long.toString(serial));
    ctrl.put("_tim", Long.toString(now));
    ctrl.put("_exp", Long.toString(now + EXPIRY_SECONDS));
    if (nonce >= 0) {
      ctrl.put("_nonce", Long.toString(nonce));
    }
    byte[] frame = IsccCodec.encode(new IsccMessage(ctrl, Map.of("type", command)), key);
    socket.setSoTimeout(remainingMillis(deadlineNanos));
    out.write(frame);
    out.flush();

    byte[] header = readFully(4, deadlineNanos);
    long length =
        ((header[0] & 0xFFL) << 24)
            | ((header[1] & 0xFFL) << 16)
            | ((header[2] & 0xFFL) << 8)
            | (header[3] & 0xFFL);
    if (length < 4 || length > IsccCodec.MAX_MESSAGE) {
      throw new IOException("control message length " + length + " out of range");
    }
    IsccMessage reply = IsccCodec.decode(readFully((int) length, deadlineNanos), key);
    String echoed = reply.ctrl().get("_ser");
    if (!Long.toString(serial).equals(echoed)) {
      throw new IOException("named answered serial " + echoed + " to request " + serial);
    }
    return reply;
  }

  private byte[] readFully(int length, long deadlineNanos) throws IOException {
    byte[] buffer = new byte[length];
    int read = 0;
    while (read < length) {
      socket.setSoTimeout(remainingMillis(deadlineNanos));
      int n = in.read(buffer, read, length - read);
      if (n < 0) {
        throw new EOFException("named closed the control connection");
      }
      read += n;
    }
    return buffer;
  }

  private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long millis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (millis <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
