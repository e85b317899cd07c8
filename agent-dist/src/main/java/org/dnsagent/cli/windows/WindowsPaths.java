// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.Map;

/** Where the agent keeps its files on Windows: under {@code %ProgramData%\dns-agent}. */
public final class WindowsPaths {
  private WindowsPaths() {}

  /** {@code %ProgramData%}, or {@code C:\ProgramData} when the variable is not set. */
  public static String programData(Map<String, String> env) {
    String p = env.get("ProgramData");
    if (p == null || p.isBlank()) {
      p = env.get("PROGRAMDATA");
    }
    return p == null || p.isBlank() ? "C:\\ProgramData" : strip(p);
  }

  /** {@code %ProgramData%\dns-agent}. */
  public static String dataDir(Map<String, String> env) {
    return join(programData(env), "dns-agent");
  }

  /** {@code %ProgramData%\dns-agent\dns-agent.conf}. */
  public static String defaultConfig(Map<String, String> env) {
    return join(dataDir(env), "dns-agent.conf");
  }

  /** {@code %ProgramData%\dns-agent\logs}. */
  public static String logDir(Map<String, String> env) {
    return join(dataDir(env), "logs");
  }

  /** {@code a\b}, whatever the system this runs on. */
  public static String join(String a, String b) {
    return strip(a) + "\\" + b;
  }

  private static String strip(String p) {
    String s = p;
    while (s.length() > 3 && (s.endsWith("\\") || s.endsWith("/"))) {
      s = s.substring(0, s.length() - 1);
    }
    return s.endsWith("\\") ? s.substring(0, s.length() - 1) : s;
  }
}
