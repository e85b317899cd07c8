// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the operation journal, retries, health checks, reconciliation, the admin endpoint and
 * the NOTIFY rate limit (all in {@code [service:agent]}).
 *
 * @param replyTimeout how long a CREATE or DELETE reply waits for its operation; after that the
 *     reply is SERVFAIL and the operation goes on (a repeat joins it)
 * @param journalMaxSize the journal is compacted when it grows past this many bytes
 * @param healthFailureThreshold consecutive failed checks that turn RETRY into FAILED
 * @param reconcileInterval time between reconciliation sweeps; zero disables them
 * @param reconcileRate zones checked per second during a sweep
 * @param adminSocket the admin endpoint's unix socket, if enabled
 * @param adminSocketExplicit whether the socket was configured (a failure to bind it is then fatal)
 * @param adminListen a loopback TCP address for the admin endpoint, if enabled
 * @param notifyRateLimit NOTIFYs accepted per second from one source; zero disables the limit
 * @param notifyRateBurst NOTIFYs one source may send at once before the rate applies
 * @param metricsListen where /metrics, /livez and /readyz are served over HTTP, if enabled
 */
public record OperationsConfig(
    Duration replyTimeout,
    RetrySettings retry,
    HistoryLimits history,
    long journalMaxSize,
    Duration healthCheckInterval,
    int healthFailureThreshold,
    Duration reconcileInterval,
    double reconcileRate,
    Optional<Path> adminSocket,
    boolean adminSocketExplicit,
    Optional<InetSocketAddress> adminListen,
    int notifyRateLimit,
    int notifyRateBurst,
    Optional<InetSocketAddress> metricsListen) {

  /** The defaults, with the admin socket under {@code statePath}. */
  public static OperationsConfig defaults(Path statePath) {
    return new OperationsConfig(
        Duration.ofSeconds(25),
        new RetrySettings(10, Duration.ofSeconds(2), Duration.ofMinutes(5)),
        HistoryLimits.defaults(),
        16L << 20,
        Duration.ofSeconds(10),
        3,
        Duration.ofMinutes(10),
        20,
        Optional.of(statePath.resolve("admin.sock")),
        false,
        Optional.empty(),
        500,
        5000,
        Optional.empty());
  }
}
