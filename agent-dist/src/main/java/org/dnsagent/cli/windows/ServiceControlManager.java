// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.Optional;

/**
 * The administrative side of the Service Control Manager, as {@code dns-agent service} uses it.
 * Every method throws {@link ServiceException} with the Win32 error when the SCM refuses.
 */
public interface ServiceControlManager {
  /**
   * {@code CreateService} with the spec, then its description, failure actions, failure actions
   * flag, delayed auto-start and an unrestricted service SID; registers its Event Log source. A
   * failure after {@code CreateService} deletes the service again.
   */
  void install(ServiceSpec spec);

  /** {@code DeleteService} (the SCM removes it once it is stopped), and the Event Log source. */
  void uninstall(String name, String eventSource);

  /** {@code StartService}; returns at once (see {@link ServiceWaiter}). */
  void start(String name);

  /** {@code ControlService(SERVICE_CONTROL_STOP)}; returns at once. */
  void stop(String name);

  /** {@code QueryServiceStatus}; empty when no such service is installed. */
  Optional<ServiceStatus> query(String name);
}
