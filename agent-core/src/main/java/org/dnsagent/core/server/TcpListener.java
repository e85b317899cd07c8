// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * Receives requests over TCP (RFC 1035 §4.2.2 two-byte length framing, RFC 7766 several requests
 * per connection, replies in completion order). Connections are bounded in number, a frame must
 * arrive within {@code recvTimeout} of its first byte (no slow senders), an idle connection is
 * closed after {@code idleTimeout}, and a frame larger than {@code maxRequestSize} closes the
 * connection.
 */
public final class TcpListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

  /** How long a closing connection waits for replies still being worked on. */
  private static final Duration DRAIN = Duration.ofSeconds(60);

  /** Limits for one listener. */
  public record Limits(
      int backlog,
      int maxConnections,
      int maxRequestSize,
      Duration recvTimeout,
      Duration idleTimeout) {}

  private final ServerSocket server;
  private final RequestHandler handler;
  private final Executor executor;
  private final AgentMetrics metrics;
  private final Limits limits;
  private final Semaphore slots;
  private final ExecutorService connections;
  private final Thread acceptor;
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  public TcpListener(
      InetSocketAddress address,
      RequestHandler handler,
      Executor executor,
      AgentMetrics metrics,
      Limits limits)
      throws IOException {
    this.handler = handler;
    this.executor = executor;
    this.metrics = metrics;
    this.limits = limits;
    this.slots = new Semaphore(limits.maxConnections());
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(address, limits.backlog());
    AtomicInteger n = new AtomicInteger();
    this.connections =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tcp-conn-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "tcp-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  public void start() {
    acceptor.start();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closing) {
          log.warn("TCP accept on {} failed: {}", localAddress(), e.getMessage());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        metrics.tcpConnection(false);
        closeQuietly(socket);
        continue;
      }
      try {
        connections.execute(
            () -> {
              try {
                serve(socket);
              } finally {
                slots.release();
              }
            });
      } catch (RejectedExecutionException e) {
        slots.release();
        closeQuietly(socket);
      }
    }
  }

  private void serve(Socket socket) {
    metrics.tcpConnection(true);
    InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    Connection connection = new Connection(socket);
    open.add(socket);
    try {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      while (!closing) {
        byte[] wire = readFrame(socket, in, peer);
        if (wire == null) {
          break;
        }
        connection.outstanding.incrementAndGet();
        try {
          executor.execute(() -> handle(connection, wire, peer, local));
        } catch (RejectedExecutionException e) {
          connection.outstanding.decrementAndGet();
          metrics.overload();
        }
      }
    } catch (IOException e) {
      log.debug("TCP connection from {} ended: {}", peer, e.getMessage());
    } finally {
      connection.drainAndClose();
      open.remove(socket);
    }
  }

  /** The next request, or null when the peer closed, went idle or broke the limits. */
  private byte[] readFrame(Socket socket, InputStream in, InetSocketAddress peer)
      throws IOException {
    socket.setSoTimeout((int) Math.max(1, limits.idleTimeout().toMillis()));
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    }
    if (first < 0) {
      return null;
    }
    long deadline = System.nanoTime() + limits.recvTimeout().toNanos();
    int second = readByte(socket, in, deadline);
    int length = (first << 8) | second;
    if (length == 0 || length > limits.maxRequestSize()) {
      metrics.tcpFrameDropped("oversize");
      log.debug("closing TCP connection from {}: frame of {} bytes", peer, length);
      return null;
    }
    byte[] wire = new byte[length];
    int read = 0;
    while (read < length) {
      setRemaining(socket, deadline);
      int n;
      try {
        n = in.read(wire, read, length - read);
      } catch (SocketTimeoutException e) {
        metrics.tcpFrameDropped("slow");
        return null;
      }
      if (n < 0) {
        return null;
      }
      read += n;
    }
    return wire;
  }

  private int readByte(Socket socket, InputStream in, long deadline) throws IOException {
    setRemaining(socket, deadline);
    try {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed inside a frame");
      }
      return b;
    } catch (SocketTimeoutException e) {
      metrics.tcpFrameDropped("slow");
      throw new IOException("frame not received within tcp_recv_timeout");
    }
  }

  private static void setRemaining(Socket socket, long deadline) throws IOException {
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remainingMillis <= 0) {
      throw new SocketTimeoutException("tcp_recv_timeout");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
  }

  private void handle(
      Connection connection, byte[] wire, InetSocketAddress peer, InetSocketAddress local) {
    try {
      handler
          .handle(wire, peer, local)
          .whenComplete(
              (reply, error) -> {
                try {
                  if (error != null) {
                    log.error("request from {} failed", peer, error);
                  } else {
                    reply.ifPresent(connection::send);
                  }
                } finally {
                  connection.done();
                }
              });
    } catch (RuntimeException e) {
      log.error("request from {} failed", peer, e);
      connection.done();
    }
  }

  /** Writes replies as they complete, and closes once the last one is written. */
  private static final class Connection {
    private final Socket socket;
    private final AtomicInteger outstanding = new AtomicInteger();

    Connection(Socket socket) {
      this.socket = socket;
    }

    synchronized void send(Message reply) {
      byte[] body = reply.toWire(65535);
      try {
        OutputStream out = socket.getOutputStream();
        byte[] frame = new byte[body.length + 2];
        frame[0] = (byte) (body.length >>> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        log.debug(
            "cannot send TCP reply to {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
      }
    }

    synchronized void done() {
      outstanding.decrementAndGet();
      notifyAll();
    }

    synchronized void drainAndClose() {
      long deadline = System.nanoTime() + DRAIN.toNanos();
      try {
        while (outstanding.get() > 0) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            break;
          }
          wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to do with it.
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    open.forEach(TcpListener::closeQuietly);
    connections.shutdownNow();
    try {
      acceptor.join(2000);
      connections.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
