// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local admin endpoint: one JSON request line in, one JSON reply line out ({@code {"ok": true,
 * "result": ...}} or {@code {"ok": false, "error": "..."}}), then the connection closes. Listens on
 * a unix socket (mode 0600) and/or a loopback TCP port; connections from anywhere but loopback are
 * closed unanswered. The TCP endpoint is open to every local user, so its requests must carry the
 * token of the token file ({@code "token": "..."}), which only the agent's user can read (mode
 * 0600, rewritten with a fresh token at each start); the unix socket needs none. Each endpoint has
 * its own threads and queue, so silent connections to one never stall the other. A request must
 * arrive within a few seconds and fit in 64 KiB.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final int MAX_REQUEST = 64 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** The token file's name in the state directory. */
  public static final String TOKEN_FILE = "admin.token";

  private final AdminHandler handler;
  private final List<ServerSocketChannel> servers = new ArrayList<>();
  private final List<Thread> acceptors = new ArrayList<>();
  private final List<ThreadPoolExecutor> pools = new ArrayList<>();
  private Path socketPath;
  private Path tokenFile;
  private byte[] token;
  private InetSocketAddress tcpAddress;
  private volatile boolean closing;

  private AdminServer(AdminHandler handler) {
    this.handler = handler;
  }

  /** Two threads and a queue of 16 for one endpoint: what is beyond is closed at once. */
  private ThreadPoolExecutor pool(String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    pools.add(pool);
    return pool;
  }

  /** As {@link #start(Optional, boolean, Optional, Optional, AdminHandler)}, with no TCP token. */
  public static AdminServer start(
      Optional<Path> socket,
      boolean socketRequired,
      Optional<InetSocketAddress> tcp,
      AdminHandler handler)
      throws IOException {
    return start(socket, socketRequired, tcp, Optional.empty(), handler);
  }

  /**
   * Starts listening.
   *
   * @param socket unix socket path, if any; an unusable default path only logs a warning
   * @param socketRequired whether failing to bind {@code socket} is an error
   * @param tcp loopback TCP address, if any (port 0 picks one)
   * @param tokenFile where the TCP endpoint's token is written (mode 0600); without one, the TCP
   *     endpoint takes requests without a token (tests only)
   */
  public static AdminServer start(
      Optional<Path> socket,
      boolean socketRequired,
      Optional<InetSocketAddress> tcp,
      Optional<Path> tokenFile,
      AdminHandler handler)
      throws IOException {
    AdminServer server = new AdminServer(handler);
    try {
      if (socket.isPresent()) {
        try {
          server.bindUnix(socket.get());
        } catch (IOException e) {
          if (socketRequired) {
            throw e;
          }
          log.warn("admin socket {} not available: {}", socket.get(), e.getMessage());
        }
      }
      if (tcp.isPresent()) {
        if (tokenFile.isPresent()) {
          server.writeToken(tokenFile.get());
        }
        server.bindTcp(tcp.get());
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bindUnix(Path path) throws IOException {
    if (Files.exists(path)) {
      if (answers(path)) {
        throw new IOException("another agent answers on " + path);
      }
      Files.delete(path); // left behind by an agent that was killed
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(new AdminEndpoint.Unix(path).socketAddress());
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot bind " + path + ": " + e.getMessage(), e);
    }
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      log.debug("{}: no POSIX permissions here", path);
    }
    socketPath = path;
    listen(server, "admin-unix", false);
  }

  private static boolean answers(Path path) {
    try {
      SocketChannel.open(new AdminEndpoint.Unix(path).socketAddress()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void bindTcp(InetSocketAddress address) throws IOException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IOException("admin endpoint must be on loopback, not " + address);
    }
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(address, 16);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot bind admin_listen " + address + ": " + e.getMessage(), e);
    }
    tcpAddress = (InetSocketAddress) server.getLocalAddress();
    listen(server, "admin-tcp", token != null);
  }

  /** A fresh random token in {@code file}, readable by the agent's user only. */
  private void writeToken(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    }
    Files.writeString(temp, text + "\n", StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    tokenFile = file;
    token = text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The TCP endpoint's token file, if one was written. */
  public Optional<Path> tokenFile() {
    return Optional.ofNullable(tokenFile);
  }

  private void listen(ServerSocketChannel server, String name, boolean needsToken) {
    servers.add(server);
    ThreadPoolExecutor connections = pool(name);
    Thread acceptor = new Thread(() -> acceptLoop(server, connections, needsToken), name);
    acceptor.setDaemon(true);
    acceptors.add(acceptor);
    acceptor.start();
  }

  /** The unix socket, if one is bound. */
  public Optional<Path> socketPath() {
    return Optional.ofNullable(socketPath);
  }

  /** The TCP address, if one is bound (port resolved). */
  public Optional<InetSocketAddress> tcpAddress() {
    return Optional.ofNullable(tcpAddress);
  }

  private void acceptLoop(
      ServerSocketChannel server, ThreadPoolExecutor connections, boolean needsToken) {
    while (!closing) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (!closing) {
          log.warn("admin accept failed: {}", e.getMessage());
        }
        return;
      }
      if (!fromLoopback(channel)) {
        closeQuietly(channel);
        continue;
      }
      try {
        connections.execute(() -> serve(channel, needsToken));
      } catch (RejectedExecutionException e) {
        closeQuietly(channel);
      }
    }
  }

  private static boolean fromLoopback(SocketChannel channel) {
    try {
      return !(channel.getRemoteAddress() instanceof InetSocketAddress inet)
          || inet.getAddress().isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private void serve(SocketChannel channel, boolean needsToken) {
    // A client that sends nothing cannot hold the connection for longer than the deadline.
    CompletableFuture<Void> watchdog =
        CompletableFuture.runAsync(
            () -> closeQuietly(channel),
            CompletableFuture.delayedExecutor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    try (channel) {
      String line = readLine(Channels.newInputStream(channel));
      Map<String, Object> reply = new LinkedHashMap<>();
      try {
        Map<String, Object> request = new LinkedHashMap<>(Json.parseObject(line));
        Object sent = request.remove("token");
        if (needsToken && !validToken(sent)) {
          throw new IllegalArgumentException(
              "not authorized: requests to admin_listen carry the token of "
                  + tokenFile
                  + " (readable by the agent's user only)");
        }
        Object result = handler.handle(request);
        reply.put("ok", true);
        reply.put("result", result);
      } catch (IllegalArgumentException e) {
        reply.put("ok", false);
        reply.put("error", e.getMessage());
      } catch (RuntimeException e) {
        log.error("admin request failed", e);
        reply.put("ok", false);
        reply.put("error", "internal error: " + e);
      }
      byte[] out = (Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer = ByteBuffer.wrap(out);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      log.debug("admin connection ended: {}", e.getMessage());
    } finally {
      watchdog.cancel(false);
    }
  }

  private boolean validToken(Object sent) {
    return sent instanceof String s
        && MessageDigest.isEqual(token, s.getBytes(StandardCharsets.US_ASCII));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (line.size() <= MAX_REQUEST) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          line.write(buffer, 0, i);
          return line.toString(StandardCharsets.UTF_8);
        }
      }
      line.write(buffer, 0, n);
    }
    if (line.size() > MAX_REQUEST) {
      throw new IOException("request longer than " + MAX_REQUEST + " bytes");
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing more to do with it.
    }
  }

  @Override
  public void close() {
    closing = true;
    servers.forEach(AdminServer::closeQuietly);
    for (Thread t : acceptors) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pools.forEach(ThreadPoolExecutor::shutdownNow);
    if (socketPath != null) {
      try {
        Files.deleteIfExists(socketPath);
      } catch (IOException e) {
        log.debug("cannot remove {}: {}", socketPath, e.toString());
      }
    }
  }
}
