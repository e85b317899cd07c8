// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of {@code metrics_listen}: {@code /metrics} (Prometheus text format), {@code
 * /livez} (200 while the process runs) and {@code /readyz} (200 when the agent listens, its journal
 * takes records and no backend is FAILED; 503 with the reasons otherwise). GET and HEAD only.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final AgentMetrics metrics;
  private final Supplier<List<String>> notReady;
  private final ExpositionFormatWriter writer = PrometheusTextFormatWriter.create();

  private MetricsServer(
      HttpServer server,
      ExecutorService threads,
      AgentMetrics metrics,
      Supplier<List<String>> notReady) {
    this.server = server;
    this.threads = threads;
    this.metrics = metrics;
    this.notReady = notReady;
  }

  /**
   * Binds and starts the endpoint.
   *
   * @param notReady why the agent is not ready; empty when it is
   */
  public static MetricsServer start(
      InetSocketAddress address, AgentMetrics metrics, Supplier<List<String>> notReady)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "metrics-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    MetricsServer s = new MetricsServer(server, threads, metrics, notReady);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String method = x.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        reply(x, 405, "text/plain; charset=utf-8", "GET or HEAD only\n");
        return;
      }
      switch (x.getRequestURI().getPath()) {
        case "/metrics" -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
          writer.write(body, metrics.registry().scrape(), EscapingScheme.DEFAULT);
          reply(x, 200, writer.getContentType(), body.toByteArray());
        }
        case "/livez" -> reply(x, 200, "text/plain; charset=utf-8", "ok\n");
        case "/readyz" -> {
          List<String> reasons = notReady.get();
          if (reasons.isEmpty()) {
            reply(x, 200, "text/plain; charset=utf-8", "ready\n");
          } else {
            reply(x, 503, "text/plain; charset=utf-8", String.join("\n", reasons) + "\n");
          }
        }
        default -> reply(x, 404, "text/plain; charset=utf-8", "/metrics, /livez or /readyz\n");
      }
    }
  }

  private static void reply(HttpExchange x, int status, String type, String body)
      throws IOException {
    reply(x, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
