// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.List;

/**
 * Builds a Windows command line that {@code CommandLineToArgvW} and the C runtime (and so the Java
 * launcher) split back into exactly the given arguments: what the SCM's {@code lpBinaryPathName}
 * needs, where an unquoted {@code C:\Program Files\...} is a known privilege escalation.
 */
public final class WindowsCommandLine {
  private WindowsCommandLine() {}

  /** The arguments joined by spaces, each quoted when it must be. */
  public static String join(List<String> arguments) {
    StringBuilder b = new StringBuilder();
    for (String a : arguments) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(quote(a));
    }
    return b.toString();
  }

  /**
   * One argument: as it is when it has no space, tab, quote nor is empty; else in double quotes,
   * with {@code "} as {@code \"} and the backslashes before a quote (or the closing one) doubled.
   */
  public static String quote(String argument) {
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException("control character in a command-line argument");
      }
    }
    if (!argument.isEmpty() && argument.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"')) {
      return argument;
    }
    StringBuilder b = new StringBuilder("\"");
    int backslashes = 0;
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == '"') {
        b.append("\\".repeat(backslashes * 2 + 1)).append('"');
      } else {
        b.append("\\".repeat(backslashes)).append(c);
      }
      backslashes = 0;
    }
    b.append("\\".repeat(backslashes * 2)).append('"');
    return b.toString();
  }
}
