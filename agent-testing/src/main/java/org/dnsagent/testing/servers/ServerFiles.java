// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Files a test asks a fixture to put into its server's directory before the server starts. */
final class ServerFiles {
  private ServerFiles() {}

  /** Adds {@code relativeName} to {@code files}, refusing a name that could leave the directory. */
  static void add(Map<String, String> files, String relativeName, String content) {
    requireNonNull(relativeName, "relativeName is null");
    if (relativeName.contains("..") || relativeName.startsWith("/")) {
      throw new IllegalArgumentException("not a plain relative name: " + relativeName);
    }
    files.put(relativeName, requireNonNull(content, "content is null"));
  }

  /** Writes every file below {@code directory}, creating the directories they need. */
  static void writeAll(Path directory, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path target = directory.resolve(f.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, f.getValue());
    }
  }
}
