// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** A service as the Service Control Manager drives it: its ServiceMain and its HandlerEx. */
public interface WindowsService {
  int SERVICE_CONTROL_STOP = 1;
  int SERVICE_CONTROL_INTERROGATE = 4;
  int SERVICE_CONTROL_SHUTDOWN = 5;
  int NO_ERROR = 0;
  int ERROR_CALL_NOT_IMPLEMENTED = 120;

  /**
   * ServiceMain, on the thread the dispatcher gives it, once the control handler is registered:
   * reports its states through {@code sink} and returns after it reported STOPPED.
   */
  void main(StatusSink sink);

  /** HandlerEx: a control code; returns NO_ERROR or ERROR_CALL_NOT_IMPLEMENTED. Must not block. */
  int control(int code);
}
