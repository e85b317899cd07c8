// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;

/**
 * The agent's validated configuration. Built by {@link AgentConfigLoader} from designate.conf style
 * files; option names follow Designate's {@code [service:agent]} where it has one.
 *
 * @param allowNotify senders allowed to send CREATE, DELETE and NOTIFY; never empty in effect: an
 *     empty {@code allow_notify} means the masters' addresses
 * @param tsigKeys every {@code [tsigkey:NAME]} section, by name
 * @param acceptedKeys names of keys accepted on incoming requests ({@code tsig_keys})
 * @param requireTsig whether unsigned CREATE/DELETE/NOTIFY are refused; true by default once keys
 *     are listed in {@code tsig_keys} or in a target's {@code tsig_keys}
 * @param operations journal, retries, reconciliation, admin endpoint and rate limits
 * @param catalogs the catalog zones the agent follows ({@code [catalog:NAME]} sections)
 */
public record AgentConfig(
    Path statePath,
    boolean debug,
    List<InetSocketAddress> listen,
    int tcpBacklog,
    Duration tcpRecvTimeout,
    Duration tcpIdleTimeout,
    int maxTcpConnections,
    int maxRequestSize,
    int workers,
    int operationWorkers,
    int maxPendingOperations,
    List<MasterServer> masters,
    AddressAcl allowNotify,
    Optional<InetAddress> transferSource,
    Duration notifyDelay,
    Duration soaQueryTimeout,
    TransferLimits transferLimits,
    Map<String, TsigKeySpec> tsigKeys,
    List<String> acceptedKeys,
    boolean requireTsig,
    List<TargetConfig> targets,
    OperationsConfig operations,
    List<CatalogConfig> catalogs) {

  public static final String DEFAULT_STATE_PATH = "/var/lib/dns-agent";
  public static final int DEFAULT_PORT = 5358;

  public AgentConfig {
    listen = List.copyOf(listen);
    masters = List.copyOf(masters);
    tsigKeys = Map.copyOf(tsigKeys);
    acceptedKeys = List.copyOf(acceptedKeys);
    targets = List.copyOf(targets);
    catalogs = List.copyOf(catalogs);
  }

  /** This configuration listening on other addresses (the command line's {@code --listen}). */
  public AgentConfig withListen(List<InetSocketAddress> addresses) {
    return new AgentConfig(
        statePath,
        debug,
        addresses,
        tcpBacklog,
        tcpRecvTimeout,
        tcpIdleTimeout,
        maxTcpConnections,
        maxRequestSize,
        workers,
        operationWorkers,
        maxPendingOperations,
        masters,
        allowNotify,
        transferSource,
        notifyDelay,
        soaQueryTimeout,
        transferLimits,
        tsigKeys,
        acceptedKeys,
        requireTsig,
        targets,
        operations,
        catalogs);
  }

  /** The masters a target's zones come from: its own {@code masters}, else the agent's. */
  public List<MasterServer> mastersOf(TargetConfig target) {
    return target.masters().isEmpty() ? masters : target.masters();
  }

  /** Directory for the agent's own state (spool, journal); backends get subdirectories. */
  public Path spoolDirectory() {
    return statePath.resolve("spool");
  }

  /** Directory of the operation journal. */
  public Path journalDirectory() {
    return statePath.resolve("journal");
  }
}
