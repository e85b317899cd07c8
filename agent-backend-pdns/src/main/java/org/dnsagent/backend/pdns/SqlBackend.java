// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * What both zone modes share in database mode: ownership by the {@code account} marker, deletes,
 * the served SOA, the inventory, and telling pdns_server after each commit.
 */
abstract class SqlBackend implements Backend, ZoneInventory {
  final PdnsConfig config;
  final SqlStore store;
  final CacheNotifier notifier;
  private final PdnsControl control;
  private final SoaProbe probe;

  SqlBackend(PdnsConfig config, SqlStore store, PdnsControl control) {
    this.config = requireNonNull(config, "config is null");
    this.store = requireNonNull(store, "store is null");
    this.control = requireNonNull(control, "control is null");
    this.notifier = new CacheNotifier(control);
    this.probe = new SoaProbe(config.queryDestination(), config.timeout());
  }

  @Override
  public void start() throws BackendException {
    store.check();
    String version = control.execute("version", List.of());
    if (version.isEmpty() || version.startsWith("Unknown")) {
      throw new BackendException(
          Kind.MISCONFIGURED, "pdns_server's control socket answered version with: " + version);
    }
  }

  /** The served SOA of a zone of ours; empty for zones the agent did not create. */
  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    checkName(zone);
    Optional<SqlStore.Domain> domain = store.domain(zone);
    if (domain.isEmpty() || !domain.get().isOurs(config.account())) {
      return Optional.empty();
    }
    return probe.find(zone);
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    checkName(zone);
    if (store.delete(zone)) {
      notifier.changed(zone, true);
    }
  }

  @Override
  public Inventory inventory() throws BackendException {
    return store.inventory();
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      store.check();
      String version = control.execute("version", List.of());
      return version.isEmpty() || version.startsWith("Unknown")
          ? BackendHealth.failing("pdns_server's control socket: " + version)
          : BackendHealth.ok("pdns " + version);
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  @Override
  public void close() {
    store.close();
    if (control instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // nothing left to release
      }
    }
  }

  static void checkName(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(Kind.REJECTED, "zone name " + zone + ": " + problem.get());
    }
  }
}
