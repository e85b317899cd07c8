// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import org.dnsagent.cli.windows.EventLog;
import org.dnsagent.cli.windows.ServiceControlManager;
import org.dnsagent.cli.windows.ServiceHost;
import org.dnsagent.cli.windows.WindowsPlatform;

/** The Windows platform through JNA (jna-platform's Advapi32). Loaded on Windows only. */
public final class JnaWindowsPlatform implements WindowsPlatform {
  @Override
  public ServiceControlManager serviceControlManager() {
    return new JnaServiceControlManager();
  }

  @Override
  public ServiceHost serviceHost() {
    return new JnaServiceHost();
  }

  @Override
  public EventLog eventLog(String source) {
    return JnaEventLog.open(source);
  }
}
