// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.TsigKeySpec;

/** What the agent core hands a backend, built by a test. */
public record ContractContext(
    String targetName,
    Path stateDirectory,
    List<MasterServer> masters,
    CommandRunner commandRunner,
    Map<String, TsigKeySpec> tsigKeys)
    implements BackendContext {

  public ContractContext {
    masters = List.copyOf(masters);
    tsigKeys = Map.copyOf(tsigKeys);
  }

  /** Target {@code default}, no masters, no keys, programs run locally. */
  public static ContractContext in(Path stateDirectory) {
    return new ContractContext(
        "default", stateDirectory, List.of(), new ProcessCommandRunner(8), Map.of());
  }

  public ContractContext withMasters(List<MasterServer> newMasters) {
    return new ContractContext(targetName, stateDirectory, newMasters, commandRunner, tsigKeys);
  }

  public ContractContext withTsigKeys(Map<String, TsigKeySpec> keys) {
    return new ContractContext(targetName, stateDirectory, masters, commandRunner, keys);
  }

  public ContractContext withStateDirectory(Path directory) {
    return new ContractContext(targetName, directory, masters, commandRunner, tsigKeys);
  }
}
