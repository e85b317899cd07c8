// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends one request to a running agent's admin endpoint ({@code dns-agent ops}, tests). */
public final class AdminClient {
  private final AdminEndpoint endpoint;
  private final Duration timeout;

  public AdminClient(AdminEndpoint endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
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
