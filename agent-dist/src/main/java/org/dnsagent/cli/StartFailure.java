// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.Causes;
import org.dnsagent.spi.HostPort;

/** Why the agent could not start, in one line naming the address, file or backend at fault. */
final class StartFailure {
  private StartFailure() {}

  static String describe(AgentStartException e, AgentConfig config) {
    Throwable cause = e.getCause();
    if (cause instanceof BindException) {
      return busyAddress(config)
          .orElse(
              "address already in use (listen = "
                  + config.listen().stream().map(HostPort::format).toList()
                  + "); stop what holds it, or change listen");
    }
    if (cause instanceof java.nio.file.AccessDeniedException) {
      return Causes.describe(cause)
          + " (state_path = "
          + config.statePath()
          + "): the agent's user must be able to write there";
    }
    if (cause instanceof IOException
        && cause.getMessage() != null
        && cause.getMessage().contains("in use by another running agent")) {
      return cause.getMessage() + " (state_path = " + config.statePath() + ")";
    }
    if (cause instanceof IOException) {
      return Causes.describe(cause);
    }
    String message = e.getMessage();
    return message.startsWith("cannot start: ") ? message.substring(14) : message;
  }

  /**
   * Which listen address is taken, and for which protocol: the agent has released everything it
   * bound, so binding again shows the address someone else holds.
   */
  private static Optional<String> busyAddress(AgentConfig config) {
    for (InetSocketAddress address : config.listen()) {
      if (address.getPort() == 0) {
        continue;
      }
      try (DatagramSocket udp = new DatagramSocket(null)) {
        udp.bind(address);
      } catch (IOException e) {
        return Optional.of(
            "address already in use: "
                + HostPort.format(address)
                + " (UDP); stop what holds"
                + " it, or change listen");
      }
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(address);
      } catch (IOException e) {
        return Optional.of(
            "address already in use: "
                + HostPort.format(address)
                + " (TCP); stop what holds"
                + " it, or change listen");
      }
    }
    return Optional.empty();
  }
}
