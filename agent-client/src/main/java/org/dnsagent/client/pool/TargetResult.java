// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.dnsagent.client.TargetOutcome;

/**
 * What one target of the pool made of the command.
 *
 * @param keyName the TSIG key the requests were signed with, if any
 * @param outcome attempts, last reply and errors
 */
public record TargetResult(Pool.Target target, Optional<String> keyName, TargetOutcome outcome) {
  public TargetResult {
    requireNonNull(target, "target is null");
    requireNonNull(keyName, "keyName is null");
    requireNonNull(outcome, "outcome is null");
  }

  /** True when the target answered as Designate requires (see {@link TargetOutcome}). */
  public boolean succeeded() {
    return outcome.succeeded();
  }
}
