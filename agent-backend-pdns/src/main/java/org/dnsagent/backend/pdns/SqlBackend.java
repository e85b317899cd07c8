// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CallBatcher;
import org.dnsagent.spi.ServedSoaProbe;
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
  private final ServedSoaProbe probe;
  private final CallBatcher<Name> deletes = new CallBatcher<>(this::deleteBatch, BATCH);

  /** Most zones written in one transaction. */
  static final int BATCH = 200;

  SqlBackend(PdnsConfig config, SqlStore store, PdnsControl control) {
    this.config = requireNonNull(config, "config is null");
    this.store = requireNonNull(store, "store is null");
    this.control = requireNonNull(control, "control is null");
    this.notifier = new CacheNotifier(control);
    this.probe = new ServedSoaProbe(config.queryDestination(), config.timeout(), Optional.empty());
  }

  @Override
  public void start() throws BackendException {
    store.check();
    requireServer();
  }

  /**
   * Checks pdns_server answers on its control socket ({@code version}). Called before every commit:
   * a change committed while pdns_server is down could not be made visible (rediscover, purge), and
   * the agent, told UNAVAILABLE, must find the zone as it was when it retries.
   */
  void requireServer() throws BackendException {
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

  /** Deletes queued at the same moment go in one transaction. */
  @Override
  public void deleteZone(Name zone) throws BackendException {
    checkName(zone);
    deletes.submit(zone);
  }

  private List<BackendException> deleteBatch(List<Name> zones) throws BackendException {
    requireServer();
    return notifyAll(zones, store.delete(zones));
  }

  /**
   * Tells pdns_server about a batch's successful changes; returns the per-zone errors for {@link
   * CallBatcher}.
   */
  List<BackendException> notifyAll(List<Name> zones, List<SqlStore.Outcome> outcomes)
      throws BackendException {
    List<CacheNotifier.Change> changes = new ArrayList<>();
    List<BackendException> errors = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      SqlStore.Outcome o = outcomes.get(i);
      errors.add(o.error());
      if (o.error() == null) {
        changes.add(new CacheNotifier.Change(zones.get(i), o.changedZoneSet()));
      }
    }
    notifier.changedAll(changes);
    return errors;
  }

  @Override
  public Inventory inventory() throws BackendException {
    requireServer(); // what the database holds is served only while pdns_server runs
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

  /** {@link SecondaryWait#awaitServed}, with this backend's probe and timeout. */
  void awaitServed(Name zone, long serial, SecondaryWait.Retrieve retrieve)
      throws BackendException {
    SecondaryWait.awaitServed(probe, config.timeout(), zone, serial, retrieve);
  }
}
