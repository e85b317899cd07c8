// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import org.dnsagent.client.AgentCommand;

/** What a controller does to a zone on a pool, and what each agent is sent for it. */
public enum PoolAction {
  /** CREATE, then NOTIFY, to every target; then the nameservers must serve the serial. */
  CREATE(AgentCommand.CREATE),
  /** DELETE to every target; then the nameservers must no longer serve the zone. */
  DELETE(AgentCommand.DELETE),
  /** NOTIFY to every target (Designate's agent backend has no update message). */
  UPDATE(AgentCommand.NOTIFY);

  private final AgentCommand command;

  PoolAction(AgentCommand command) {
    this.command = command;
  }

  /** The message each target is sent. */
  public AgentCommand command() {
    return command;
  }
}
