// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

/** Exit status and output of a finished command. */
public record CommandResult(int exitCode, String stdout, String stderr) {
  public CommandResult {
    requireNonNull(stdout, "stdout is null");
    requireNonNull(stderr, "stderr is null");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }
}
