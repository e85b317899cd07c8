// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.nio.file.Path;
import java.util.List;

/** What the agent gives a backend besides its own settings. */
public interface BackendContext {

  /** Name of the target this backend serves ({@code default} when the agent has one target). */
  String targetName();

  /** A directory the backend may keep state in; it exists and belongs to this target only. */
  Path stateDirectory();

  /** The masters the agent transfers from, in order of preference. */
  List<MasterServer> masters();

  /** Runs external programs (rndc, knotc, ...) without a shell, with a timeout. */
  CommandRunner commandRunner();
}
