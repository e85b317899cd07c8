// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import picocli.CommandLine;

/** Entry point of the {@code dns-agent} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The full command tree, for the launcher and for tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DnsAgentCommand());
    cli.setParameterExceptionHandler(new ShortErrors());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
