// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs a test needs (named, rndc, knotd, python3...). On a developer's
 * laptop a missing program skips the test with a clear message; under {@code CI=true} it fails the
 * test, so CI proves that every real-server test ran.
 */
public final class RequiredBinaries {
  private static final String[] SEARCH_PATH = {
    "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"
  };

  private RequiredBinaries() {}

  /** True when running in CI, where skipping a real-server test is an error. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Locates a program by name in the system directories and PATH. */
  public static Optional<Path> find(String program) {
    for (String dir : SEARCH_PATH) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, program);
          if (Files.isExecutable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the program's path; if absent, skips the calling test (laptop) or fails it (CI).
   *
   * @param debianPackage named in the message so the reader knows what to install
   */
  public static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        program + " not found: install the Debian package '" + debianPackage + "' to run this test";
    if (inCi()) {
      Assertions.fail("CI=true and " + message);
    }
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  /** Like {@link #require} for a file that must exist (a Python module, a config template). */
  public static void requireFile(Path file, String debianPackage) {
    if (Files.exists(file)) {
      return;
    }
    String message = file + " not found: install the Debian package '" + debianPackage + "'";
    if (inCi()) {
      Assertions.fail("CI=true and " + message);
    }
    Assumptions.abort(message);
  }
}
