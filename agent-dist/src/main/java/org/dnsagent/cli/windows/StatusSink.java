// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** {@code SetServiceStatus} on the handle {@code RegisterServiceCtrlHandlerEx} returned. */
@FunctionalInterface
public interface StatusSink {
  void report(ServiceStatus status);
}
