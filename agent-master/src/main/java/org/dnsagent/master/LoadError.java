// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Why a zone file could not be loaded.
 *
 * @param file the zone file in the zones directory
 * @param source the file the error is in: the zone file or one it {@code $INCLUDE}s
 * @param line 1-based line in {@code source}, or 0 when the parser did not say
 * @param message what is wrong
 */
public record LoadError(Path file, String source, int line, String message) {
  public LoadError {
    requireNonNull(file, "file is null");
    requireNonNull(source, "source is null");
    requireNonNull(message, "message is null");
  }

  @Override
  public String toString() {
    String where = line > 0 ? source + ":" + line : source;
    return where + ": " + message;
  }
}
