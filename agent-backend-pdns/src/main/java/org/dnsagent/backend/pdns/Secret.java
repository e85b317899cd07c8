// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A password or API key read from a file; never printed (its {@code toString} is a mask). */
final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = requireNonNull(value, "value is null");
  }

  /** The file's content without its trailing line break. */
  static Secret readFrom(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return new Secret(text.substring(0, end));
  }

  static Secret of(String value) {
    return new Secret(value);
  }

  String reveal() {
    return value;
  }

  boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "****";
  }
}
