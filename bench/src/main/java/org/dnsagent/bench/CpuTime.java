// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used (user + system), from {@code /proc/<pid>/stat}. */
final class CpuTime {
  /** Linux reports it in clock ticks of 1/100 s ({@code getconf CLK_TCK}). */
  private static final double TICKS_PER_SECOND = 100.0;

  private CpuTime() {}

  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may hold spaces; the fields after it are space-separated.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static double self() {
    return seconds(ProcessHandle.current().pid());
  }
}
