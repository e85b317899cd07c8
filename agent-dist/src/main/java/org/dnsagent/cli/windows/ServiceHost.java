// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** The process side of the Service Control Manager: {@code StartServiceCtrlDispatcher}. */
public interface ServiceHost {
  /**
   * Connects to the SCM and runs {@code service} (its {@link WindowsService#main} on the SCM's
   * thread, its controls from the SCM); returns once it reported STOPPED.
   *
   * @throws ServiceException for example {@code ERROR_FAILED_SERVICE_CONTROLLER_CONNECT} (1063)
   *     when the process was not started by the SCM
   */
  void dispatch(String name, WindowsService service);
}
