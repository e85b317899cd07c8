// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"dns-agent " + (v == null ? "(development build)" : v)};
  }
}
