// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the agent gives a backend besides its own settings. */
public interface BackendContext {

  /** Name of the target this backend serves ({@code default} when the agent has one target). */
  String targetName();

  /** A directory the backend may keep state in; it exists and belongs to this target only. */
  Path stateDirectory();

  /**
   * The masters this target's zones come from, in order of preference: the target's own {@code
   * masters}, else the agent's.
   */
  List<MasterServer> masters();

  /** Runs external programs (rndc, knotc, ...) without a shell, with a timeout. */
  CommandRunner commandRunner();

  /**
   * Where the DNS server runs: programs and files on this host, or on the server's host over SSH
   * when the backend's section sets {@code ssh_host}. Backends that run programs or place files use
   * this rather than {@link #commandRunner()} directly, and so work remotely too.
   */
  default HostAccess host() {
    return new LocalHostAccess(commandRunner());
  }

  /**
   * The agent's TSIG keys ({@code [tsigkey:NAME]} sections) by name, so that a backend option can
   * name a key rather than repeat its secret.
   */
  default Map<String, TsigKeySpec> tsigKeys() {
    return Map.of();
  }
}
