// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Prints a one-line error and a pointer to --help instead of the whole usage text. */
final class ShortErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("dns-agent: " + ex.getMessage());
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }
}
