// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;

/**
 * Immutable configuration of a {@link LocalMaster}. Build one with {@link #builder(Path)}; every
 * setting except the zones directory has a default suited to a laptop.
 *
 * @param zonesDirectory directory whose {@code *.zone} and {@code *.db} files are served
 * @param listenAddress UDP and TCP address; port 0 picks a free port (see {@link LocalMaster#port})
 * @param notifyTargets secondaries sent a NOTIFY when a zone is loaded or its serial increases;
 *     NOTIFYs leave from the listen address, so targets must be reachable from it
 * @param pollInterval how often the directory is checked for changes
 * @param tsigKeys keys accepted on queries, by key name
 * @param requireTsig refuse unsigned SOA, AXFR and IXFR queries
 * @param notifyKey key that signs outgoing NOTIFY messages, if any
 * @param notifyRetryInterval wait before the first NOTIFY retransmission; doubles for each retry
 * @param notifyRetries retransmissions after the first NOTIFY when no response arrives
 * @param maxTcpConnections TCP connections served at once; more wait in the accept backlog
 * @param tcpIdleTimeout a TCP connection without progress for this long is closed
 * @param maxDiffsPerZone how many serial-to-serial differences each zone keeps for IXFR
 */
public record LocalMasterOptions(
    Path zonesDirectory,
    InetSocketAddress listenAddress,
    List<InetSocketAddress> notifyTargets,
    Duration pollInterval,
    Map<Name, TsigKeySpec> tsigKeys,
    boolean requireTsig,
    Optional<TsigKeySpec> notifyKey,
    Duration notifyRetryInterval,
    int notifyRetries,
    int maxTcpConnections,
    Duration tcpIdleTimeout,
    int maxDiffsPerZone) {

  /** Default listen address of the CLI and the builder. */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 5354);

  public LocalMasterOptions {
    requireNonNull(zonesDirectory, "zonesDirectory is null");
    requireNonNull(listenAddress, "listenAddress is null");
    notifyTargets = List.copyOf(notifyTargets);
    tsigKeys = Map.copyOf(tsigKeys);
    requireNonNull(notifyKey, "notifyKey is null");
    requirePositive(pollInterval, "pollInterval");
    requirePositive(notifyRetryInterval, "notifyRetryInterval");
    requirePositive(tcpIdleTimeout, "tcpIdleTimeout");
    if (listenAddress.isUnresolved()) {
      throw new IllegalArgumentException("listen address " + listenAddress + " is unresolved");
    }
    for (InetSocketAddress target : notifyTargets) {
      if (target.isUnresolved() || target.getPort() == 0) {
        throw new IllegalArgumentException("bad NOTIFY target " + target);
      }
    }
    tsigKeys.forEach(
        (name, spec) -> {
          if (!name.equals(spec.keyName())) {
            throw new IllegalArgumentException("TSIG key " + spec + " filed under " + name);
          }
        });
    if (requireTsig && tsigKeys.isEmpty()) {
      throw new IllegalArgumentException("requireTsig needs at least one TSIG key");
    }
    if (notifyRetries < 0 || notifyRetries > 10) {
      throw new IllegalArgumentException("notifyRetries must be 0-10");
    }
    if (maxTcpConnections < 1) {
      throw new IllegalArgumentException("maxTcpConnections must be at least 1");
    }
    if (maxDiffsPerZone < 0) {
      throw new IllegalArgumentException("maxDiffsPerZone must not be negative");
    }
  }

  private static void requirePositive(Duration d, String what) {
    requireNonNull(d, what + " is null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }

  /** A builder with defaults for everything but the zones directory. */
  public static Builder builder(Path zonesDirectory) {
    return new Builder(zonesDirectory);
  }

  /** Mutable builder of {@link LocalMasterOptions}; not thread-safe. */
  public static final class Builder {
    private final Path zonesDirectory;
    private InetSocketAddress listenAddress = DEFAULT_LISTEN;
    private final List<InetSocketAddress> notifyTargets = new ArrayList<>();
    private Duration pollInterval = Duration.ofSeconds(1);
    private final Map<Name, TsigKeySpec> tsigKeys = new LinkedHashMap<>();
    private boolean requireTsig;
    private Optional<TsigKeySpec> notifyKey = Optional.empty();
    private Duration notifyRetryInterval = Duration.ofSeconds(1);
    private int notifyRetries = 5;
    private int maxTcpConnections = 512;
    private Duration tcpIdleTimeout = Duration.ofSeconds(30);
    private int maxDiffsPerZone = 10;

    private Builder(Path zonesDirectory) {
      this.zonesDirectory = requireNonNull(zonesDirectory, "zonesDirectory is null");
    }

    public Builder listenAddress(InetSocketAddress address) {
      this.listenAddress = address;
      return this;
    }

    public Builder notifyTarget(InetSocketAddress target) {
      notifyTargets.add(requireNonNull(target, "target is null"));
      return this;
    }

    public Builder notifyTargets(List<InetSocketAddress> targets) {
      targets.forEach(this::notifyTarget);
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    /** Accepts queries signed with this key. */
    public Builder tsigKey(TsigKeySpec key) {
      tsigKeys.put(key.keyName(), key);
      return this;
    }

    public Builder requireTsig(boolean require) {
      this.requireTsig = require;
      return this;
    }

    public Builder notifyKey(TsigKeySpec key) {
      this.notifyKey = Optional.of(key);
      return this;
    }

    public Builder notifyRetryInterval(Duration interval) {
      this.notifyRetryInterval = interval;
      return this;
    }

    public Builder notifyRetries(int retries) {
      this.notifyRetries = retries;
      return this;
    }

    public Builder maxTcpConnections(int max) {
      this.maxTcpConnections = max;
      return this;
    }

    public Builder tcpIdleTimeout(Duration timeout) {
      this.tcpIdleTimeout = timeout;
      return this;
    }

    public Builder maxDiffsPerZone(int max) {
      this.maxDiffsPerZone = max;
      return this;
    }

    public LocalMasterOptions build() {
      return new LocalMasterOptions(
          zonesDirectory,
          listenAddress,
          notifyTargets,
          pollInterval,
          tsigKeys,
          requireTsig,
          notifyKey,
          notifyRetryInterval,
          notifyRetries,
          maxTcpConnections,
          tcpIdleTimeout,
          maxDiffsPerZone);
    }
  }
}
