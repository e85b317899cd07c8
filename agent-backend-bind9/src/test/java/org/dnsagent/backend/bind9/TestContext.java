// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.nio.file.Path;
import java.util.List;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;

/** What the agent core would hand a backend, built by hand. */
record TestContext(
    String targetName, Path stateDirectory, List<MasterServer> masters, CommandRunner commandRunner)
    implements BackendContext {

  static TestContext in(Path stateDirectory) {
    return new TestContext("default", stateDirectory, List.of(), new ProcessCommandRunner());
  }

  TestContext withMasters(List<MasterServer> newMasters) {
    return new TestContext(targetName, stateDirectory, newMasters, commandRunner);
  }
}
