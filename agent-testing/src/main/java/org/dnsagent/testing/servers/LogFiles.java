// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads what a server logged, whole or its last lines for a failure message. */
public final class LogFiles {
  /** How many lines a failure message shows. */
  static final int TAIL_LINES = 30;

  private LogFiles() {}

  /** The file's text; empty if it does not exist yet, a note if it cannot be read. */
  public static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** The last {@value #TAIL_LINES} lines of {@code text}. */
  public static String tail(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - TAIL_LINES);
    return String.join("\n", Arrays.copyOfRange(lines, from, lines.length));
  }
}
