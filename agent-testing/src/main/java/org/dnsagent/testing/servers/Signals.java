// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.time.Duration;
import java.util.List;

/**
 * Freezes and thaws a server a test started, by its pid: a frozen server accepts connections (the
 * kernel does) but never answers, the case where only a timeout saves the caller.
 */
public final class Signals {
  private Signals() {}

  /** Sends SIGSTOP to {@code pid}. */
  public static void freeze(long pid) {
    send("STOP", pid);
  }

  /** Sends SIGCONT to {@code pid}. */
  public static void thaw(long pid) {
    send("CONT", pid);
  }

  private static void send(String signal, long pid) {
    if (pid <= 1) {
      throw new IllegalArgumentException("refusing to signal pid " + pid);
    }
    NamedServer.RndcOutput out =
        Processes.run(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5));
    if (out.exitCode() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + ": " + out.stderr().strip());
    }
  }
}
