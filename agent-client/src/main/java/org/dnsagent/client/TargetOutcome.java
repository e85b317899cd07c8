// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of driving one command to one agent.
 *
 * @param attempts how many times the command was sent
 * @param lastResponse the last reply received, if any
 * @param errors what went wrong on each failed attempt
 */
public record TargetOutcome(
    InetSocketAddress agent,
    AgentCommand command,
    boolean succeeded,
    int attempts,
    Duration elapsed,
    Optional<AgentResponse> lastResponse,
    List<String> errors) {
  public TargetOutcome {
    errors = List.copyOf(errors);
  }
}
