// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.Locale;
import java.util.Optional;

/**
 * The Windows services the {@code service} commands need. The JNA implementation ({@code
 * org.dnsagent.cli.windows.jna.JnaWindowsPlatform}) is loaded by name, on Windows only: on any
 * other system nothing of it is loaded.
 */
public interface WindowsPlatform {
  ServiceControlManager serviceControlManager();

  ServiceHost serviceHost();

  /** {@code RegisterEventSource} for {@code source} in the Application log. */
  EventLog eventLog(String source);

  /** Whether this JVM runs on Windows. */
  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  /** The JNA implementation on Windows; empty elsewhere. */
  static Optional<WindowsPlatform> current() {
    if (!isWindows()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          (WindowsPlatform)
              Class.forName("org.dnsagent.cli.windows.jna.JnaWindowsPlatform")
                  .getDeclaredConstructor()
                  .newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the Windows service support: " + e, e);
    }
  }
}
