// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

/** What a controller can ask an agent to do. */
public enum AgentCommand {
  /** Opcode 14, class 65280, type 65282. */
  CREATE,
  /** Opcode 14, class 65280, type 65283. */
  DELETE,
  /** A standard NOTIFY (opcode 4), as Designate's worker sends after every change. */
  NOTIFY
}
