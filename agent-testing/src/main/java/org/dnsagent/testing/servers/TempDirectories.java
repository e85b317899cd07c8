// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The throwaway directory a server fixture works in: created fresh, deleted with all it holds. */
public final class TempDirectories {
  private static final Logger log = LoggerFactory.getLogger(TempDirectories.class);

  private TempDirectories() {}

  /**
   * A new directory under {@code java.io.tmpdir}, which is created first (the build points it into
   * {@code target/}, which a clean checkout does not have yet).
   */
  public static Path create(String prefix) {
    return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  /** A new directory under {@code parent}, which is created first if missing. */
  public static Path create(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory under " + parent, e);
    }
  }

  /** Deletes {@code dir} and everything in it; logs what it cannot delete. */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
