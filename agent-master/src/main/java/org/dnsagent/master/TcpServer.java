// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DNS over TCP (RFC 7766): two-byte length framing, any number of queries per connection,
 * one pooled thread per connection. At most {@code maxConnections} are served at once; further
 * clients wait in the listen backlog. A connection that makes no progress, reading or writing, for
 * the idle timeout is closed.
 */
final class TcpServer {
  private static final Logger log = LoggerFactory.getLogger(TcpServer.class);

  private final ServerSocket server;
  private final QueryHandler handler;
  private final Semaphore slots;
  private final long idleNanos;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Thread acceptor;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private ScheduledFuture<?> reaper;

  TcpServer(
      ServerSocket server,
      QueryHandler handler,
      int maxConnections,
      Duration idleTimeout,
      ScheduledExecutorService timer,
      String threadPrefix) {
    this.server = server;
    this.handler = handler;
    this.slots = new Semaphore(maxConnections);
    this.idleNanos = idleTimeout.toNanos();
    this.timer = timer;
    // Unbounded on paper; the semaphore bounds it to maxConnections busy threads.
    this.workers = Executors.newCachedThreadPool(new DaemonThreads(threadPrefix + "-tcp"));
    this.acceptor =
        new Thread(this::acceptLoop, threadPrefix + "-tcp-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  void start() {
    long period =
        Math.max(Duration.ofMillis(50).toNanos(), Math.min(idleNanos / 4, 1_000_000_000L));
    reaper = timer.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.NANOSECONDS);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        return;
      }
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        slots.release();
        if (!closed) {
          log.warn("TCP accept failed: {}", e.toString());
          pause(); // e.g. out of file descriptors: do not spin
        }
        continue;
      }
      Connection c = new Connection(socket);
      connections.add(c);
      try {
        workers.execute(c::serve);
      } catch (RuntimeException e) {
        c.finish();
      }
    }
  }

  private void closeIdle() {
    long now = System.nanoTime();
    for (Connection c : connections) {
      if (now - c.lastActivity > idleNanos) {
        log.debug("closing idle TCP connection from {}", c.socket.getRemoteSocketAddress());
        c.closeSocket();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      log.debug("closing TCP listener: {}", e.toString());
    }
    acceptor.interrupt();
    if (reaper != null) {
      reaper.cancel(false);
    }
    connections.forEach(Connection::closeSocket);
    workers.shutdownNow();
    try {
      acceptor.join(2000);
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One client connection. */
  private final class Connection {
    final Socket socket;
    volatile long lastActivity = System.nanoTime();

    Connection(Socket socket) {
      this.socket = socket;
    }

    void serve() {
      try {
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        while (!closed) {
          int length = in.readUnsignedShort();
          byte[] request = new byte[length];
          in.readFully(request);
          lastActivity = System.nanoTime();
          handler.handle(
              request,
              socket.getInetAddress(),
              true,
              reply -> {
                out.writeShort(reply.length);
                out.write(reply);
                lastActivity = System.nanoTime();
              });
          out.flush();
        }
      } catch (EOFException e) {
        // the client closed the connection: the normal end
      } catch (IOException | RuntimeException e) {
        if (!closed && !socket.isClosed()) {
          log.debug("TCP connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
      } finally {
        finish();
      }
    }

    void closeSocket() {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("closing TCP connection: {}", e.toString());
      }
    }

    void finish() {
      closeSocket();
      if (connections.remove(this)) {
        slots.release();
      }
    }
  }
}
