// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.TsigKeySpec;

/** What the agent core would hand a backend, built by hand. */
record TestContext(
    String targetName,
    Path stateDirectory,
    List<MasterServer> masters,
    CommandRunner commandRunner,
    Map<String, TsigKeySpec> tsigKeys)
    implements BackendContext {

  static TestContext in(Path stateDirectory) {
    return new TestContext(
        "default", stateDirectory, List.of(), new ProcessCommandRunner(8), Map.of());
  }

  TestContext withMasters(List<MasterServer> newMasters) {
    return new TestContext(targetName, stateDirectory, newMasters, commandRunner, tsigKeys);
  }
}
