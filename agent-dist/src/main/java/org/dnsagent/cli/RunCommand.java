// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dns-agent run}: the agent, until it is stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the agent (what dns-agent does when no command is given).")
final class RunCommand implements Callable<Integer> {
  @Mixin AgentRunOptions options = new AgentRunOptions();

  @Override
  public Integer call() {
    return options.run();
  }
}
