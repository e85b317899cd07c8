// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/**
 * What a service reports to the Service Control Manager ({@code SERVICE_STATUS} without its type,
 * always {@code SERVICE_WIN32_OWN_PROCESS}), and what a query returns.
 *
 * @param controlsAccepted {@code SERVICE_ACCEPT_*} bits
 * @param win32ExitCode {@code NO_ERROR}, or {@code ERROR_SERVICE_SPECIFIC_ERROR} with {@code
 *     serviceSpecificExitCode}
 * @param checkPoint increases while the state is pending, 0 otherwise
 * @param waitHintMillis how long the SCM should wait for the next report while pending
 */
public record ServiceStatus(
    ServiceState state,
    int controlsAccepted,
    int win32ExitCode,
    int serviceSpecificExitCode,
    int checkPoint,
    int waitHintMillis) {
  public static final int ACCEPT_STOP = 0x1;
  public static final int ACCEPT_SHUTDOWN = 0x4;
  public static final int NO_ERROR = 0;
  public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

  /** A state without exit code, check point nor wait hint. */
  public static ServiceStatus of(ServiceState state, int controlsAccepted) {
    return new ServiceStatus(state, controlsAccepted, NO_ERROR, 0, 0, 0);
  }

  /** The exit code as an operator reads it: 0, or the service-specific one, or the Win32 one. */
  public String exitDescription() {
    if (win32ExitCode == NO_ERROR) {
      return "exit code 0";
    }
    if (win32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR) {
      return "service-specific exit code " + serviceSpecificExitCode;
    }
    return "Win32 exit code " + win32ExitCode;
  }
}
