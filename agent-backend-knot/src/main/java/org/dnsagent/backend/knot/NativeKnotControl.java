// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knot's control protocol spoken from Java over the UNIX socket: one connection, reused while
 * commands follow each other and closed after {@link #IDLE_CLOSE} without one (knotd serves one
 * control connection at a time, so an idle one would hold off {@code knotc} and signals). Every
 * command, waiting for the connection included, is bounded by the timeout; a reused connection that
 * knotd closed meanwhile is replaced once, before any answer was read.
 */
public final class NativeKnotControl implements KnotControl {
  private static final Logger log = LoggerFactory.getLogger(NativeKnotControl.class);

  /** Idle time after which the connection is closed; knotd's own default limit is 5 s. */
  static final Duration IDLE_CLOSE = Duration.ofMillis(500);

  private final Path socket;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final ScheduledExecutorService idleCloser;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private SocketChannel channel;
  private Selector selector;
  private long lastUsed;
  private boolean closed;

  public NativeKnotControl(Path socket, Duration timeout) {
    this.socket = requireNonNull(socket, "socket is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.idleCloser =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "knot-control-idle");
              t.setDaemon(true);
              return t;
            });
    long period = IDLE_CLOSE.toMillis() / 2;
    idleCloser.scheduleWithFixedDelay(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public CtlReply call(CtlRequest request) throws BackendException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "knotd control " + request.command() + ": control connection busy for " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "interrupted waiting for knotd's socket", e);
    }
    try {
      if (closed) {
        throw new BackendException(Kind.UNAVAILABLE, "knotd control client is closed");
      }
      byte[] wire;
      try {
        wire = CtlCodec.encode(request);
      } catch (IllegalArgumentException e) {
        throw new BackendException(Kind.REJECTED, "cannot send to knotd: " + e.getMessage(), e);
      }
      boolean reused = channel != null;
      try {
        return exchange(wire, deadline);
      } catch (StaleConnection e) {
        disconnect();
        if (!reused) {
          throw unavailable(request, e.getCause() != null ? (IOException) e.getCause() : e);
        }
        log.debug("knotd closed the reused control connection; reconnecting");
        try {
          return exchange(wire, deadline);
        } catch (IOException again) {
          disconnect();
          throw unavailable(request, again);
        }
      } catch (IOException e) {
        disconnect();
        throw unavailable(request, e);
      } finally {
        lastUsed = System.nanoTime();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The connection failed before any byte of the answer arrived: knotd never saw the request. */
  private static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnection(String message, IOException cause) {
      super(message, cause);
    }
  }

  private CtlReply exchange(byte[] wire, long deadline) throws IOException {
    if (channel == null) {
      connect();
    }
    ByteBuffer out = ByteBuffer.wrap(wire);
    try {
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(SelectionKey.OP_WRITE, deadline);
        }
      }
    } catch (IOException e) {
      if (e instanceof TimeoutIOException) {
        throw e;
      }
      throw new StaleConnection("write failed", e);
    }
    CtlCodec.Decoder decoder = new CtlCodec.Decoder();
    boolean anyByte = false;
    in.clear();
    while (true) {
      int n;
      try {
        n = channel.read(in);
      } catch (IOException e) {
        if (!anyByte) {
          throw new StaleConnection("read failed", e);
        }
        throw e;
      }
      if (n < 0) {
        if (!anyByte) {
          throw new StaleConnection("knotd closed the connection", null);
        }
        throw new IOException("knotd closed the connection in the middle of an answer");
      }
      if (n == 0) {
        await(SelectionKey.OP_READ, deadline);
        continue;
      }
      anyByte = true;
      in.flip();
      boolean done;
      try {
        done = decoder.feed(in);
      } catch (IllegalStateException e) {
        throw new IOException(e.getMessage(), e);
      }
      in.compact();
      if (done) {
        if (decoder.endedWithEnd()) {
          disconnect();
        }
        return new CtlReply(decoder.units());
      }
      if (!in.hasRemaining()) {
        throw new IOException("an item of knotd's answer exceeds " + in.capacity() + " bytes");
      }
    }
  }

  private static final class TimeoutIOException extends IOException {
    private static final long serialVersionUID = 1L;

    TimeoutIOException(String message) {
      super(message);
    }
  }

  private void await(int op, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutIOException("no answer within " + timeout);
    }
    SelectionKey key = channel.keyFor(selector);
    key.interestOps(op);
    selector.selectedKeys().clear();
    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    if (System.nanoTime() - deadline >= 0 && selector.selectedKeys().isEmpty()) {
      throw new TimeoutIOException("no answer within " + timeout);
    }
  }

  private void connect() throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.configureBlocking(false);
      Selector sel = Selector.open();
      ch.register(sel, SelectionKey.OP_READ);
      channel = ch;
      selector = sel;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  private void disconnect() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      channel = null;
    }
    if (selector != null) {
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      selector = null;
    }
  }

  private void closeIfIdle() {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (channel != null && System.nanoTime() - lastUsed > IDLE_CLOSE.toNanos()) {
        disconnect();
      }
    } finally {
      lock.unlock();
    }
  }

  private BackendException unavailable(CtlRequest request, IOException e) {
    return new BackendException(
        Kind.UNAVAILABLE,
        "knotd control socket " + socket + ", " + request.command() + ": " + e.getMessage(),
        e);
  }

  @Override
  public void close() {
    idleCloser.shutdownNow();
    lock.lock();
    try {
      closed = true;
      disconnect();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "NativeKnotControl[" + socket + "]";
  }
}
