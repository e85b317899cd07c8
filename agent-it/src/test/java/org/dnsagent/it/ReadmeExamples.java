// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration examples of {@code agent-backend-bind9/README.md}, each the fenced block that
 * follows a marker line {@code <!-- example: NAME -->}, so that tests run what the README shows.
 */
final class ReadmeExamples {
  private final Path file;
  private final String text;

  private ReadmeExamples(Path file, String text) {
    this.file = file;
    this.text = text;
  }

  /** The bind9 backend's README (system property {@code bind9.readme}, set by the build). */
  static ReadmeExamples bind9() {
    Path file =
        Path.of(System.getProperty("bind9.readme", "../agent-backend-bind9/README.md"))
            .toAbsolutePath()
            .normalize();
    try {
      return new ReadmeExamples(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The knot backend's README (system property {@code knot.readme}, set by the build). */
  static ReadmeExamples knot() {
    Path file =
        Path.of(System.getProperty("knot.readme", "../agent-backend-knot/README.md"))
            .toAbsolutePath()
            .normalize();
    try {
      return new ReadmeExamples(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The content of the fenced block after {@code <!-- example: NAME -->}.
   *
   * @throws IllegalArgumentException if there is no such marker or no block right after it
   */
  String block(String name) {
    String marker = "<!-- example: " + name + " -->\n";
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException(file + " has no example '" + name + "'");
    }
    int fence = at + marker.length();
    int bodyStart = text.indexOf('\n', fence) + 1;
    int bodyEnd = text.indexOf("\n```", bodyStart - 1);
    if (!text.startsWith("```", fence) || bodyStart <= 0 || bodyEnd < 0) {
      throw new IllegalArgumentException(
          file + ": example '" + name + "' is not followed by a fenced block");
    }
    return text.substring(bodyStart, bodyEnd + 1);
  }
}
