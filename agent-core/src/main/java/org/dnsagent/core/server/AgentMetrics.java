// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The agent's metrics, in one Prometheus registry per agent: what {@code /metrics} serves and what
 * {@code dns-agent status} shows. Names follow the Prometheus conventions ({@code dns_agent_}
 * prefix, base units, {@code _total} counters); docs/install.md lists them all.
 */
public final class AgentMetrics {
  /** Kind label of a request the agent could not tell (undecodable, or dropped unread). */
  public static final String UNKNOWN = "unknown";

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter requests =
      Counter.builder()
          .name("dns_agent_requests_total")
          .help("Requests received, by kind and by what became of them")
          .labelNames("kind", "result")
          .register(registry);
  private final Counter tcpConnections =
      Counter.builder()
          .name("dns_agent_tcp_connections_total")
          .help("TCP connections, accepted or refused (max_tcp_connections reached)")
          .labelNames("result")
          .register(registry);
  private final Counter tcpFramesDropped =
      Counter.builder()
          .name("dns_agent_tcp_frames_dropped_total")
          .help("TCP frames dropped with their connection: oversize, or too slow to arrive")
          .labelNames("reason")
          .register(registry);
  private final Counter operations =
      Counter.builder()
          .name("dns_agent_operations_total")
          .help("Zone operations finished, by kind and result")
          .labelNames("kind", "result")
          .register(registry);
  private final Histogram operationDuration =
      Histogram.builder()
          .name("dns_agent_operation_duration_seconds")
          .help("Time of one attempt of a zone operation (SOA query, transfer, backend)")
          .unit(Unit.SECONDS)
          .classicOnly()
          .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
          .labelNames("kind", "result")
          .register(registry);
  private final Counter transfers =
      Counter.builder()
          .name("dns_agent_transfers_total")
          .help("Zone transfers from the masters, by type (axfr, ixfr) and result")
          .labelNames("type", "result")
          .register(registry);
  private final Counter transferBytes =
      Counter.builder()
          .name("dns_agent_transfer_bytes_total")
          .help("Bytes received in zone transfers (DNS messages, without TCP framing)")
          .unit(Unit.BYTES)
          .labelNames("type")
          .register(registry);
  private final Histogram fsync =
      Histogram.builder()
          .name("dns_agent_journal_fsync_duration_seconds")
          .help("Time of one journal fsync (one group commit)")
          .unit(Unit.SECONDS)
          .classicOnly()
          .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
          .register(registry);
  private final Counter sweeps =
      Counter.builder()
          .name("dns_agent_reconcile_sweeps_total")
          .help("Reconciliation sweeps finished")
          .register(registry);
  private final Counter drift =
      Counter.builder()
          .name("dns_agent_reconcile_drift_total")
          .help("Zones a sweep found drifted: behind the masters, or missing on the backend")
          .labelNames("kind")
          .register(registry);
  private final Counter reconcileErrors =
      Counter.builder()
          .name("dns_agent_reconcile_errors_total")
          .help("Zones a sweep could not compare (master or backend did not answer)")
          .register(registry);

  private final Counter events =
      Counter.builder()
          .name("dns_agent_events_total")
          .help("Other events, by name (refused TCP connections by reason, ...)")
          .labelNames("event")
          .register(registry);

  /**
   * Counts an event that has no metric of its own, as {@code dns_agent_events_total{event=name}}
   * (names like {@code tcp.connections.refused.per_source}; keep them few and fixed, never a zone
   * or an address). Prefer a typed method above for anything an operator graphs.
   */
  public void increment(String event) {
    events.labelValues(event).inc();
  }

  /** One request and what became of it ({@code accepted}, {@code rejected_tsig}, ...). */
  public void request(String kind, String result) {
    requests.labelValues(kind.toLowerCase(Locale.ROOT), result).inc();
  }

  /** A request dropped unread: the request threads were all busy and their queue full. */
  public void overload() {
    request(UNKNOWN, "overload");
  }

  public void tcpConnection(boolean accepted) {
    tcpConnections.labelValues(accepted ? "accepted" : "refused").inc();
  }

  public void tcpFrameDropped(String reason) {
    tcpFramesDropped.labelValues(reason).inc();
  }

  /** One attempt of an operation; {@code result} is succeeded, failed or retrying. */
  public void attempt(String kind, String result, double seconds) {
    operationDuration.labelValues(kind.toLowerCase(Locale.ROOT), result).observe(seconds);
  }

  /** An operation that ended: succeeded, failed (after its attempts) or cancelled. */
  public void operation(String kind, String result) {
    operations.labelValues(kind.toLowerCase(Locale.ROOT), result).inc();
  }

  /** A transfer of {@code type} (axfr, ixfr) that brought {@code bytes}, or failed. */
  public void transfer(String type, boolean ok, long bytes) {
    transfers.labelValues(type, ok ? "ok" : "failed").inc();
    if (bytes > 0) {
      transferBytes.labelValues(type).inc(bytes);
    }
  }

  public void fsync(double seconds) {
    fsync.observe(seconds);
  }

  /** A reconciliation sweep ended. */
  public void sweep(int behind, int missing, int errors) {
    sweeps.inc();
    drift.labelValues("behind").inc(behind);
    drift.labelValues("missing").inc(missing);
    reconcileErrors.inc(errors);
  }

  /** A gauge read when scraped. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  /** A labelled gauge read when scraped: {@code values} calls the callback once per series. */
  public void gauge(
      String name, String help, Consumer<GaugeWithCallback.Callback> values, String... labels) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labels)
        .callback(values)
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * The sum of a counter's series (or of a gauge's) whose labels match {@code labels} (name, value
   * pairs; a series must have each of them). Zero if there is no such series.
   */
  public long count(String metric, String... labels) {
    return (long) sum(metric, labels);
  }

  /** As {@link #count} without rounding. */
  public double sum(String metric, String... labels) {
    String base = metric.endsWith("_total") ? metric.substring(0, metric.length() - 6) : metric;
    double total = 0;
    for (MetricSnapshot s : registry.scrape(n -> n.equals(base) || n.equals(metric))) {
      for (DataPointSnapshot p : s.getDataPoints()) {
        if (matches(p, labels)) {
          total += value(p);
        }
      }
    }
    return total;
  }

  /** How many requests of a kind got a result; {@code null} for any. */
  public long requests(String kind, String result) {
    if (kind == null && result == null) {
      return count("dns_agent_requests_total");
    }
    if (kind == null) {
      return count("dns_agent_requests_total", "result", result);
    }
    if (result == null) {
      return count("dns_agent_requests_total", "kind", kind);
    }
    return count("dns_agent_requests_total", "kind", kind, "result", result);
  }

  private static boolean matches(DataPointSnapshot p, String... labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(p.getLabels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }

  private static double value(DataPointSnapshot p) {
    if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
      return c.getValue();
    }
    if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
      return g.getValue();
    }
    if (p instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
      return h.getCount();
    }
    return 0;
  }

  /**
   * Every series of the counters and gauges, and the count and sum of the histograms, as {@code
   * name{label="value",...}} to value, sorted: what {@code status} shows under counters.
   */
  public Map<String, Number> snapshot() {
    Map<String, Number> out = new TreeMap<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      for (DataPointSnapshot p : s.getDataPoints()) {
        String labels = labels(p);
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          out.put(name + "_total" + labels, (long) c.getValue());
        } else if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          double v = g.getValue();
          out.put(name + labels, v == Math.rint(v) ? (Number) (long) v : (Number) v);
        } else if (p instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
          out.put(name + "_count" + labels, h.getCount());
          out.put(name + "_sum" + labels, h.getSum());
        }
      }
    }
    return out;
  }

  private static String labels(DataPointSnapshot p) {
    if (p.getLabels().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    for (Label l : p.getLabels()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(l.getName()).append("=\"").append(l.getValue()).append('"');
    }
    return b.append('}').toString();
  }
}
