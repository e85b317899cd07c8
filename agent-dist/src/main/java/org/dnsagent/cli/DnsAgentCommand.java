// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.concurrent.Callable;
import org.dnsagent.master.MasterCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code dns-agent}: without a subcommand, runs the agent. */
@Command(
    name = "dns-agent",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Designate-compatible DNS agent: provisions zones on a local DNS server.",
    subcommands = {
      RunCommand.class,
      CheckConfigCommand.class,
      PoolTargetCommand.class,
      MasterCommand.class,
      StatusCommand.class,
      ReconcileCommand.class,
      OpsCommand.class,
      CatalogCommand.class,
      ServiceCommand.class
    })
final class DnsAgentCommand implements Callable<Integer> {
  @Mixin AgentRunOptions options = new AgentRunOptions();

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of an error (for bug reports)")
  void debug(boolean on) {
    Main.debug(on);
  }

  @Override
  public Integer call() {
    return options.run();
  }
}
