// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

/** The agent could not start: a backend is unusable or a port cannot be bound. */
public class AgentStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
