// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Clock;
import java.time.Instant;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks one target's backend: OK → RETRY on a failed check or an operation that found the server
 * unavailable, RETRY → FAILED after {@code threshold} such failures in a row, back to OK on the
 * first success. Fed by the periodic check and by operations. Thread-safe.
 */
public final class HealthMonitor {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final Target target;
  private final int threshold;
  private final Clock clock;
  private HealthState state = HealthState.OK;
  private int failures;
  private String detail = "started";
  private Instant since;
  private volatile boolean started = true;

  HealthMonitor(Target target, int threshold, Clock clock) {
    this.target = target;
    this.threshold = threshold;
    this.clock = clock;
    this.since = clock.instant();
  }

  /**
   * Asks the backend now ({@link org.dnsagent.spi.Backend#checkHealth}, which never throws); a
   * backend that could not start is started again instead.
   */
  void check() {
    if (!started) {
      try {
        target.backend().start();
        started = true;
        success("started");
      } catch (BackendException e) {
        failure("cannot start: " + e.getMessage());
      }
      return;
    }
    BackendHealth h = target.backend().checkHealth();
    if (h.healthy()) {
      success(h.detail());
    } else {
      failure(h.detail());
    }
  }

  /** False until the backend's {@code start()} succeeded; operations wait (retry) until then. */
  boolean started() {
    return started;
  }

  /**
   * The backend's server could not be reached at start-up: FAILED until {@link #check} starts it.
   */
  synchronized void notStarted(String reason) {
    started = false;
    state = HealthState.FAILED;
    failures = Math.max(failures, threshold);
    detail = "cannot start: " + reason;
    since = clock.instant();
  }

  synchronized void success(String newDetail) {
    if (state != HealthState.OK) {
      log.info("target {}: backend {} is OK again", target.name(), target.config().driver());
      state = HealthState.OK;
      since = clock.instant();
    }
    failures = 0;
    if (newDetail != null) {
      detail = newDetail;
    }
  }

  synchronized void failure(String reason) {
    failures++;
    detail = reason;
    HealthState next = failures >= threshold ? HealthState.FAILED : HealthState.RETRY;
    if (next != state) {
      log.warn(
          "target {}: backend {} is {}: {}", target.name(), target.config().driver(), next, reason);
      state = next;
      since = clock.instant();
    }
  }

  public synchronized AgentStatus.TargetHealth view() {
    return new AgentStatus.TargetHealth(
        target.name(), target.config().driver(), state, failures, since, detail);
  }
}
