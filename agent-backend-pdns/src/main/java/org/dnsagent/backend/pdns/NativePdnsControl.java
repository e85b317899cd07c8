// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.Durations;

/**
 * Speaks pdns_server's control protocol over its UNIX socket, as pdns_control does: connect, write
 * the command line ending in a newline, read the reply until pdns_server closes the connection.
 * pdns_server handles one control connection at a time.
 */
final class NativePdnsControl implements PdnsControl, AutoCloseable {
  private static final int MAX_REPLY = 4 * 1024 * 1024;

  private final Path socket;
  private final Duration timeout;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "pdns-control");
            t.setDaemon(true);
            return t;
          });

  NativePdnsControl(Path socketDir, Duration timeout) {
    this.socket = requireNonNull(socketDir, "socketDir is null").resolve("pdns.controlsocket");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public String execute(String command, List<String> args) throws BackendException {
    String line = command + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "\n";
    Future<String> reply = io.submit(() -> exchange(line));
    try {
      return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reply.cancel(true);
      throw new BackendException(
          Kind.UNAVAILABLE,
          "pdns_server's control socket "
              + socket
              + " did not answer "
              + command
              + " within "
              + Durations.seconds(timeout));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new BackendException(
          Kind.UNAVAILABLE,
          "cannot send " + command + " to pdns_server's control socket " + socket + ": " + cause,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply.cancel(true);
      throw new BackendException(Kind.UNAVAILABLE, "interrupted while sending " + command, e);
    }
  }

  private String exchange(String line) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(4096);
      while (channel.read(in) >= 0) {
        in.flip();
        reply.write(in.array(), 0, in.limit());
        in.clear();
        if (reply.size() > MAX_REPLY) {
          throw new IOException("reply longer than " + MAX_REPLY + " bytes");
        }
      }
      return reply.toString(StandardCharsets.UTF_8).trim();
    }
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
