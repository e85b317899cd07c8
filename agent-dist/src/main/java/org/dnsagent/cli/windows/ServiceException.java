// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** A Service Control Manager call failed, with its Win32 error code. */
public final class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int ERROR_ACCESS_DENIED = 5;
  public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
  public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
  public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
  public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
  public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
  public static final int ERROR_SERVICE_EXISTS = 1073;

  private final int error;

  public ServiceException(int error, String message) {
    super(message);
    this.error = error;
  }

  /** The Win32 error code. */
  public int error() {
    return error;
  }

  /** What an operator should do about it, or empty. */
  public String hint() {
    return switch (error) {
      case ERROR_ACCESS_DENIED -> "; run it as Administrator (an elevated prompt)";
      case ERROR_SERVICE_DOES_NOT_EXIST -> "; install it first (dns-agent service install)";
      case ERROR_SERVICE_EXISTS -> "; uninstall it first (dns-agent service uninstall)";
      case ERROR_SERVICE_MARKED_FOR_DELETE ->
          "; close the Services console (services.msc) and every handle on it, then retry";
      default -> "";
    };
  }
}
