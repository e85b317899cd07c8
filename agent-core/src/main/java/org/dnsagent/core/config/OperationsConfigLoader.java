// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.HostPort;

/** Reads {@link OperationsConfig} from {@code [service:agent]}. */
final class OperationsConfigLoader {
  static final Set<String> OPTIONS =
      Set.of(
          "reply_timeout",
          "retry_max_attempts",
          "retry_initial_delay",
          "retry_max_delay",
          "operation_history_max_age",
          "operation_history_max_count",
          "journal_max_size",
          "health_check_interval",
          "health_failure_threshold",
          "reconcile_interval",
          "reconcile_rate",
          "admin_socket",
          "admin_listen",
          "notify_rate_limit",
          "notify_rate_burst");

  private OperationsConfigLoader() {}

  static OperationsConfig load(BackendSettings agent, Path statePath) {
    OperationsConfig d = OperationsConfig.defaults(statePath);
    Duration initial = agent.getDuration("retry_initial_delay", d.retry().initialDelay());
    Duration max = agent.getDuration("retry_max_delay", d.retry().maxDelay());
    if (max.compareTo(initial) < 0) {
      throw agent.invalid(
          "retry_max_delay", agent.get("retry_max_delay", ""), "less than retry_initial_delay");
    }
    RetrySettings retry =
        new RetrySettings(
            agent.getInt("retry_max_attempts", d.retry().maxAttempts(), 1, 1000), initial, max);
    HistoryLimits history =
        new HistoryLimits(
            agent.getDuration("operation_history_max_age", d.history().maxAge()),
            agent.getInt("operation_history_max_count", d.history().maxCount(), 0, 10_000_000));
    Optional<Path> socket = d.adminSocket();
    boolean explicit = agent.get("admin_socket").isPresent();
    if (explicit) {
      String raw = agent.get("admin_socket", "").trim();
      socket = raw.isEmpty() || raw.equals("none") ? Optional.empty() : Optional.of(Path.of(raw));
    }
    return new OperationsConfig(
        positive(agent, "reply_timeout", agent.getDuration("reply_timeout", d.replyTimeout())),
        retry,
        history,
        agent.getLong("journal_max_size", d.journalMaxSize(), 4096, Long.MAX_VALUE),
        positive(
            agent,
            "health_check_interval",
            agent.getDuration("health_check_interval", d.healthCheckInterval())),
        agent.getInt("health_failure_threshold", d.healthFailureThreshold(), 1, 1000),
        agent.getDuration("reconcile_interval", d.reconcileInterval()),
        reconcileRate(agent, d.reconcileRate()),
        socket,
        explicit && socket.isPresent(),
        adminListen(agent),
        agent.getInt("notify_rate_limit", d.notifyRateLimit(), 0, 10_000_000),
        agent.getInt("notify_rate_burst", d.notifyRateBurst(), 1, 10_000_000),
        MetricsOptions.metricsListen(agent));
  }

  private static double reconcileRate(BackendSettings agent, double defaultValue) {
    Optional<String> raw = agent.get("reconcile_rate");
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      double rate = Double.parseDouble(raw.get().trim());
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new NumberFormatException();
      }
      return rate;
    } catch (NumberFormatException e) {
      throw agent.invalid("reconcile_rate", raw.get(), "not a positive number of zones a second");
    }
  }

  /** The admin endpoint controls the agent: it may only listen on loopback. */
  private static Optional<InetSocketAddress> adminListen(BackendSettings agent) {
    Optional<String> raw = agent.get("admin_listen").map(String::trim).filter(s -> !s.isEmpty());
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    InetSocketAddress address;
    try {
      address = HostPort.parse(raw.get(), 0);
    } catch (IllegalArgumentException e) {
      throw agent.invalid("admin_listen", raw.get(), e.getMessage());
    }
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw agent.invalid("admin_listen", raw.get(), "must be a loopback address");
    }
    return Optional.of(address);
  }

  private static Duration positive(BackendSettings s, String option, Duration value) {
    if (value.isZero()) {
      throw s.invalid(option, "0", "must be greater than zero");
    }
    return value;
  }
}
