// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends one request to a running agent's admin endpoint ({@code dns-agent ops}, tests). */
public final class AdminClient {
  private final AdminEndpoint endpoint;
  private final Duration timeout;
  private final Optional<Path> tokenFile;

  public AdminClient(AdminEndpoint endpoint, Duration timeout) {
    this(endpoint, timeout, Optional.empty());
  }

  /**
   * @param tokenFile the agent's admin token file, sent with requests to a TCP endpoint
   */
  public AdminClient(AdminEndpoint endpoint, Duration timeout, Optional<Path> tokenFile) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.tokenFile = tokenFile;
  }

  /** The agent said no; the message says why. */
  public static final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
      super(message);
    }
  }

  /**
   * Sends {@code request} and returns the reply's {@code result}.
   *
   * @throws IOException if the agent cannot be reached or does not answer in time
   * @throws AdminException if the agent refused the request
   */
  public Object call(Map<String, Object> request) throws IOException, AdminException {
    if (endpoint instanceof AdminEndpoint.Tcp && tokenFile.isPresent()) {
      Map<String, Object> withToken = new LinkedHashMap<>(request);
      try {
        withToken.put("token", Files.readString(tokenFile.get(), StandardCharsets.US_ASCII).trim());
      } catch (IOException e) {
        throw new IOException(
            "cannot read the admin token file "
                + tokenFile.get()
                + ": "
                + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied (run as the agent's user)"
                    : e instanceof java.nio.file.NoSuchFileException
                        ? "no such file (is the agent running with admin_listen?)"
                        : e.getMessage()),
            e);
      }
      request = withToken;
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(endpoint.socketAddress());
    } catch (IOException e) {
      throw new IOException(
          "cannot reach the agent at " + endpoint + " (is it running?): " + e.getMessage(), e);
    }
    CompletableFuture<Void> watchdog =
        CompletableFuture.runAsync(
            () -> close(channel),
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    try (channel) {
      ByteBuffer out =
          ByteBuffer.wrap((Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      Map<String, Object> reply = Json.parseObject(readAll(Channels.newInputStream(channel)));
      if (!Boolean.TRUE.equals(reply.get("ok"))) {
        throw new AdminException(String.valueOf(reply.get("error")));
      }
      return reply.get("result");
    } catch (IllegalArgumentException e) {
      throw new IOException("unreadable reply from " + endpoint + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw watchdog.isDone()
          ? new IOException(
              "no reply from "
                  + endpoint
                  + " within "
                  + org.dnsagent.spi.Durations.seconds(timeout),
              e)
          : e;
    } finally {
      watchdog.cancel(false);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toString(StandardCharsets.UTF_8).trim();
  }

  private static void close(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing to end a wait; nothing else to do.
    }
  }
}
