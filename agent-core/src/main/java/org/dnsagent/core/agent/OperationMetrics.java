// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

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
    if (ok) {
      audit.info(
          "{} zone={} target={} op={} result=\"{}\"",
          op.kind(),
          op.key().zone(),
          op.key().target(),
          op.id(),
          detail);
    }
  }
}
