// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.HostPort;

/**
 * Speaks NSD's remote-control protocol itself: one connection per command, a line {@code NSDCT1
 * <command> <args>}, then for {@code addzones}/{@code delzones} the input lines and an end marker
 * ({@code 0x04} alone on a line), then NSD's text answer until it closes the connection. Input is
 * written by a second thread while the answer is read, so NSD never blocks writing a reply that
 * nobody reads (the deadlock nsd-control's own client runs into on long inputs).
 */
final class NativeControlTransport implements ControlTransport {
  private static final String MAGIC = "NSDCT1 ";
  private static final byte[] END_OF_INPUT = {0x04, '\n'};
  private static final int MAX_REPLY = 64 << 20;

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(daemon("nsd-control-timeout"));
  private static final ExecutorService WRITERS =
      Executors.newCachedThreadPool(daemon("nsd-control-writer"));

  /** Where NSD's control channel is. */
  sealed interface Endpoint permits UnixEndpoint, TlsEndpoint {}

  /** {@code control-interface: /path}: plain text over a UNIX socket. */
  record UnixEndpoint(Path socket) implements Endpoint {}

  /**
   * {@code control-interface: <ip>}: TLS with a client certificate; the server must present exactly
   * {@code serverCertificate}.
   */
  record TlsEndpoint(InetSocketAddress address, PemTls.Material tls) implements Endpoint {}

  /**
   * Connections open at once. NSD serves at most 10 control connections and closes any beyond that
   * unanswered ("drop incoming remote control: too many connections").
   */
  static final int MAX_CONNECTIONS = 6;

  private final Endpoint endpoint;
  private final Duration timeout;
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS, true);

  NativeControlTransport(Endpoint endpoint, Duration timeout) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public String name() {
    return endpoint instanceof UnixEndpoint ? "native-unix" : "native-tls";
  }

  @Override
  public ControlReply command(String verb, String... args) throws BackendException {
    StringBuilder line = new StringBuilder(MAGIC).append(verb);
    for (String arg : args) {
      line.append(' ').append(ControlWords.check(arg));
    }
    ControlReply reply = exchange(verb, line.append('\n').toString(), null);
    return ControlReply.requireAnswer(reply, verb, args, describe());
  }

  @Override
  public ControlReply bulk(String verb, List<String> lines) throws BackendException {
    if (lines.size() > MAX_BULK_LINES) {
      throw new IllegalArgumentException(lines.size() + " lines; at most " + MAX_BULK_LINES);
    }
    StringBuilder body = new StringBuilder(lines.size() * 40);
    for (String line : lines) {
      body.append(ControlWords.checkLine(line)).append('\n');
    }
    return ControlReply.requireAnswer(
        exchange(verb, MAGIC + verb + "\n", body.toString()), verb, new String[0], describe());
  }

  private ControlReply exchange(String verb, String header, String body) throws BackendException {
    long start = System.nanoTime();
    try {
      if (!connections.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "nsd-control " + verb + ": " + MAX_CONNECTIONS + " connections busy for " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "nsd-control " + verb + ": interrupted", e);
    }
    try {
      return exchangeNow(verb, header, body, timeout.minusNanos(System.nanoTime() - start));
    } finally {
      connections.release();
    }
  }

  private ControlReply exchangeNow(String verb, String header, String body, Duration left)
      throws BackendException {
    if (left.isNegative() || left.isZero()) {
      throw new BackendException(Kind.UNAVAILABLE, "nsd-control " + verb + ": no time left");
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    Connection connection = null;
    ScheduledFuture<?> watchdog = null;
    try {
      connection = connect();
      Connection open = connection;
      watchdog =
          WATCHDOG.schedule(
              () -> {
                timedOut.set(true);
                open.close();
              },
              left.toNanos(),
              TimeUnit.NANOSECONDS);
      open.write(header.getBytes(StandardCharsets.UTF_8));
      Future<?> writer = null;
      if (body != null) {
        byte[] input = body.getBytes(StandardCharsets.UTF_8);
        writer =
            WRITERS.submit(
                () -> {
                  open.write(input);
                  open.write(END_OF_INPUT);
                  return null;
                });
      }
      String reply = open.readAll();
      if (writer != null) {
        writer.get(left.toNanos(), TimeUnit.NANOSECONDS);
      }
      return ControlReply.of(reply);
    } catch (IOException | ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      String why = timedOut.get() ? "no answer within " + timeout : String.valueOf(cause);
      throw new BackendException(
          Kind.UNAVAILABLE, "nsd-control " + verb + " to " + describe() + ": " + why, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "nsd-control " + verb + ": interrupted", e);
    } finally {
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      if (connection != null) {
        connection.close();
      }
    }
  }

  private Connection connect() throws IOException {
    if (endpoint instanceof UnixEndpoint unix) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(unix.socket()));
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      return new ChannelConnection(channel);
    }
    TlsEndpoint tls = (TlsEndpoint) endpoint;
    SSLSocket socket;
    try {
      socket = (SSLSocket) tls.tls().newContext().getSocketFactory().createSocket();
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
    try {
      socket.connect(tls.address(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      socket.startHandshake();
      Certificate[] peer = socket.getSession().getPeerCertificates();
      if (peer.length == 0 || !peer[0].equals(tls.tls().serverCertificate())) {
        throw new IOException(
            "the server's certificate is not the one in nsd_server_cert_file; refusing to talk");
      }
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new SocketConnection(socket);
  }

  private String describe() {
    return endpoint instanceof UnixEndpoint unix
        ? unix.socket().toString()
        : HostPort.format(((TlsEndpoint) endpoint).address());
  }

  @Override
  public String toString() {
    return "NativeControlTransport[" + name() + " " + describe() + "]";
  }

  /** A connection whose read and write sides may be used by two threads at once. */
  private interface Connection {
    void write(byte[] bytes) throws IOException;

    String readAll() throws IOException;

    void close();
  }

  /** SocketChannel: separate read and write locks; its stream adapters would share one lock. */
  private record ChannelConnection(SocketChannel channel) implements Connection {
    @Override
    public void write(byte[] bytes) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public String readAll() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 14);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        out.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
        checkSize(out);
      }
      return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing: nothing left to do
      }
    }
  }

  private record SocketConnection(SSLSocket socket) implements Connection {
    @Override
    public void write(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    @Override
    public String readAll() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[1 << 14];
      for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        checkSize(out);
      }
      return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing: nothing left to do
      }
    }
  }

  private static void checkSize(ByteArrayOutputStream out) throws IOException {
    if (out.size() > MAX_REPLY) {
      throw new IOException("answer longer than " + MAX_REPLY + " bytes");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
