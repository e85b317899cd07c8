// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import picocli.CommandLine;

/** Reports the build (version recorded in the jar's manifest) and the Java it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "dns-agent " + (v == null ? "(development build)" : v),
      "Java "
          + Runtime.version()
          + " ("
          + System.getProperty("java.vendor", "unknown vendor")
          + "), "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
