// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.time.Duration;
import org.dnsagent.spi.BackendException;

/**
 * Where scripts run: a local PowerShell ({@code msdns_transport = local}) or a remote one over
 * WS-Management ({@code winrm}). Implementations are safe for concurrent use.
 */
public interface ScriptRunner extends AutoCloseable {

  /** What a finished script printed and how it exited. */
  record Output(int exitCode, String stdout, String stderr) {}

  /**
   * Runs the script and returns its output.
   *
   * @throws BackendException UNAVAILABLE when PowerShell or the server cannot be reached or the
   *     script does not finish within {@code timeout}; MISCONFIGURED when credentials are refused
   */
  Output run(PsScript script, Duration timeout) throws BackendException;

  /** The longest script text this runner can pass (a command line has limits). */
  default int maxScriptChars() {
    return Integer.MAX_VALUE;
  }

  /** For messages: {@code local powershell}, {@code winrm https://dns1:5986/wsman}. */
  String description();

  @Override
  default void close() {}
}
