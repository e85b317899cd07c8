// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.time.Duration;
import java.util.List;

/**
 * Runs an external program. The command is an argument list: handed to the operating system as is,
 * never to a shell, so no argument is ever interpreted (over SSH, where the remote side takes one
 * command line, each argument is quoted so that it stays exactly one word).
 */
public interface CommandRunner {

  /**
   * Runs the command and waits for it, killing it when the timeout passes. Its standard input is
   * empty.
   *
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} on timeout, {@link
   *     BackendException.Kind#MISCONFIGURED} if the program cannot be started
   */
  CommandResult run(List<String> command, Duration timeout) throws BackendException;

  /**
   * Runs the command with {@code stdin} as its standard input (then end of file), as {@link
   * #run(List, Duration)} does otherwise. Secrets go to a program this way, never as arguments. The
   * agent's runners (local and SSH) take input; this default, for runners that do not, accepts only
   * an empty one.
   */
  default CommandResult run(List<String> command, byte[] stdin, Duration timeout)
      throws BackendException {
    if (stdin.length == 0) {
      return run(command, timeout);
    }
    throw new BackendException(
        BackendException.Kind.INTERNAL, "this command runner cannot pass standard input");
  }
}
