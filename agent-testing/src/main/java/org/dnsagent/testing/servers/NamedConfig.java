// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.nio.file.Path;

/** Renders the named.conf of a {@link NamedServer}: loopback only, its own files, no recursion. */
final class NamedConfig {
  private NamedConfig() {}

  static String render(
      Path directory,
      Path keyFile,
      int dnsPort,
      int rndcPort,
      boolean allowNewZones,
      String extraOptions,
      String extraConfig) {
    String dir = directory.toAbsolutePath().toString();
    StringBuilder conf = new StringBuilder();
    conf.append("include \"").append(keyFile.toAbsolutePath()).append("\";\n");
    conf.append("controls { inet 127.0.0.1 port ").append(rndcPort);
    conf.append(" allow { 127.0.0.1; } keys { \"")
        .append(NamedServer.RNDC_KEY_NAME)
        .append("\"; }; };\n");
    conf.append("options {\n");
    conf.append("\tdirectory \"").append(dir).append("\";\n");
    conf.append("\tpid-file \"").append(dir).append("/named.pid\";\n");
    conf.append("\tsession-keyfile \"").append(dir).append("/session.key\";\n");
    conf.append("\tmanaged-keys-directory \"").append(dir).append("\";\n");
    // Several throwaway servers run at once: none may take the system-wide lock file.
    conf.append("\tlock-file none;\n");
    conf.append("\tlisten-on port ").append(dnsPort).append(" { 127.0.0.1; };\n");
    conf.append("\tlisten-on-v6 { none; };\n");
    conf.append("\trecursion no;\n\tnotify no;\n\tdnssec-validation no;\n");
    if (allowNewZones) {
      conf.append("\tallow-new-zones yes;\n");
    }
    conf.append(extraOptions).append("\n};\n");
    conf.append(extraConfig).append('\n');
    return conf.toString();
  }
}
