// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.time.Duration;
import java.util.List;

/**
 * Runs an external program. The command is an argument list handed to the operating system as is,
 * never to a shell, so no argument is ever interpreted.
 */
public interface CommandRunner {

  /**
   * Runs the command and waits for it, killing it when the timeout passes.
   *
   * @throws BackendException {@link BackendException.Kind#UNAVAILABLE} on timeout, {@link
   *     BackendException.Kind#MISCONFIGURED} if the program cannot be started
   */
  CommandResult run(List<String> command, Duration timeout) throws BackendException;
}
