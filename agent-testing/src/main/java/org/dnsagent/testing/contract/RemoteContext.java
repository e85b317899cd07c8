// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.contract;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;

/**
 * A context whose DNS server is on another host (an SSH {@link HostAccess}), as the agent builds it
 * when the backend's section sets {@code ssh_host}: programs and files go there, all else is {@code
 * base}'s. For running the {@link BackendContract} over SSH.
 */
public record RemoteContext(BackendContext base, HostAccess host) implements BackendContext {
  public RemoteContext {
    requireNonNull(base, "base is null");
    requireNonNull(host, "host is null");
  }

  @Override
  public String targetName() {
    return base.targetName();
  }

  @Override
  public Path stateDirectory() {
    return base.stateDirectory();
  }

  @Override
  public List<MasterServer> masters() {
    return base.masters();
  }

  @Override
  public CommandRunner commandRunner() {
    return host.commands();
  }

  @Override
  public Map<String, TsigKeySpec> tsigKeys() {
    return base.tsigKeys();
  }
}
