// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.core.ops.Operation;
import org.dnsagent.core.ops.OperationObserver;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.server.AgentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts operations and their attempts, and writes the audit log: one INFO line on logger {@code
 * dns-agent.audit} per change applied to a backend.
 */
final class OperationMetrics implements OperationObserver {
  private static final Logger audit = LoggerFactory.getLogger("dns-agent.audit");

  private static final Pattern SERIAL = Pattern.compile("(?:serial|->) (\\d+)");

  private final AgentMetrics metrics;

  OperationMetrics(AgentMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void attempt(Operation op, String result, double seconds) {
    metrics.attempt(op.kind().name(), result, seconds);
  }

  @Override
  public void finished(Operation op, OperationState state, String detail) {
    boolean ok = state == OperationState.SUCCEEDED;
    metrics.operation(op.kind().name(), ok ? "succeeded" : "failed");
    if (ok && changed(detail)) {
      audit.info(
          "{} zone={} target={} serial={} requested_by=\"{}\" op={}: {}",
          op.kind(),
          op.key().zone(),
          op.key().target(),
          serial(detail),
          op.requestedBy().orElse("unknown (resumed from the journal)"),
          op.id(),
          detail);
    }
  }

  /** Whether the backend changed: not when the zone was up to date, or not served at all. */
  private static boolean changed(String detail) {
    return detail != null
        && !detail.startsWith("up to date")
        && !detail.startsWith("already served")
        && !detail.startsWith("not served");
  }

  /** The serial the zone is at now, as the worker's result says it ("-" when it has none). */
  static String serial(String detail) {
    if (detail == null) {
      return "-";
    }
    Matcher m = SERIAL.matcher(detail);
    String last = "-";
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }
}
