// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/** Told of every failed attempt as it happens (the command line prints them). */
@FunctionalInterface
public interface AttemptListener {
  AttemptListener NONE = (command, zone, agent, attempt, of, error) -> {};

  /**
   * @param attempt which attempt failed, from 1
   * @param of how many attempts there will be at most
   * @param error what went wrong, one line
   */
  void failed(
      AgentCommand command, Name zone, InetSocketAddress agent, int attempt, int of, String error);
}
