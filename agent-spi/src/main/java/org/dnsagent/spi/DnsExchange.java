// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends one query with a dnsjava {@link SimpleResolver} and waits for the answer, like {@link
 * SimpleResolver#send(Message)} but without its hidden cost on small machines: {@code send} hands
 * the reply to {@code ForkJoinPool.commonPool()}, which on a machine with two cores or fewer has no
 * threads, so {@code CompletableFuture} starts a new thread for every reply. Here the reply is
 * checked on dnsjava's I/O thread that received it, which is cheap (one small message).
 */
public final class DnsExchange {
  private static final Executor ON_RECEIVING_THREAD = Runnable::run;

  private DnsExchange() {}

  /**
   * Sends {@code query} and returns the verified answer (TSIG checked as {@code send} does).
   *
   * @throws IOException on timeout, or on an answer that does not match the query
   */
  public static Message send(SimpleResolver resolver, Message query) throws IOException {
    try {
      return resolver
          .sendAsync(query, ON_RECEIVING_THREAD)
          .toCompletableFuture()
          .get(resolver.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      throw new IOException(
          "Timed out while trying to resolve "
              + query.getQuestion().getName()
              + "/"
              + Type.string(query.getQuestion().getType())
              + ", id="
              + query.getHeader().getID(),
          e);
    }
  }
}
