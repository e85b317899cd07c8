// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.ZoneCatalog;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.dnsagent.core.xfr.MasterSoa;
import org.dnsagent.core.xfr.TransferException;
import org.dnsagent.spi.BackendException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * Heals drift: for every zone in the catalog, compares the serial the backend serves with the
 * masters' and queues an update where the backend is behind (a lost NOTIFY), or a CREATE where the
 * backend lost the zone. It never deletes anything; zones the backend has that the agent never
 * created are only reported. Zones with operations queued are skipped (those settle them), and at
 * most {@code rate} zones a second are checked.
 */
final class Reconciler {
  private volatile boolean held;
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int UNMANAGED_SHOWN = 20;

  private final TargetSelector targets;
  private final ZoneCatalog catalog;
  private final TargetMasters masters;
  private final ZoneOperationQueue queue;
  private final HealthMonitors health;
  private final double rate;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile ReconcileReport last = ReconcileReport.none();

  Reconciler(
      TargetSelector targets,
      ZoneCatalog catalog,
      TargetMasters masters,
      ZoneOperationQueue queue,
      HealthMonitors health,
      double rate,
      Clock clock) {
    this.targets = targets;
    this.catalog = catalog;
    this.masters = masters;
    this.queue = queue;
    this.health = health;
    this.rate = rate;
    this.clock = clock;
  }

  ReconcileReport report() {
    return last;
  }

  /** Counts of one sweep. */
  private static final class Tally {
    int checked;
    int behind;
    int missing;
    int errors;
    int unmanagedCount;
    final List<String> unmanaged = new ArrayList<>();
  }

  /** One sweep over every target; returns at once if a sweep is running already. */
  /**
   * Suspends sweeps (journal damage not yet acknowledged: the catalog may be older than the truth,
   * and a sweep would re-create zones deleted since).
   */
  void hold(boolean held) {
    this.held = held;
  }

  void sweep() {
    if (held) {
      log.warn("reconciliation suspended: journal damage not yet acknowledged (ops ack-journal)");
      return;
    }
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Instant started = clock.instant();
    Tally tally = new Tally();
    try {
      for (Target target : targets.all()) {
        if (!sweep(target, tally)) {
          break; // interrupted: the agent is stopping
        }
      }
    } finally {
      running.set(false);
    }
    last =
        new ReconcileReport(
            Optional.of(started),
            Optional.of(clock.instant()),
            tally.checked,
            tally.behind,
            tally.missing,
            tally.errors,
            tally.unmanaged,
            tally.unmanagedCount);
    if (tally.behind + tally.missing + tally.unmanagedCount > 0 || tally.errors > 0) {
      log.info(
          "reconciliation: {} zones checked, {} behind, {} missing, {} errors, {} unmanaged",
          tally.checked,
          tally.behind,
          tally.missing,
          tally.errors,
          tally.unmanagedCount);
    }
  }

  private boolean sweep(Target target, Tally tally) {
    long pause = (long) (1000 / rate);
    for (ZoneKey key : catalog.zones(target.name())) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (queue.isBusy(key)) {
        continue;
      }
      tally.checked++;
      try {
        if (!check(target, key, tally)) {
          tally.errors++;
        }
      } catch (BackendException e) {
        tally.errors++;
        if (e.kind() == BackendException.Kind.UNAVAILABLE) {
          health.of(target.name()).failure(e.getMessage());
          log.warn("reconciliation of target {} stopped: {}", target.name(), e.getMessage());
          break;
        }
      } catch (OperationRejectedException e) {
        log.warn("reconciliation stopped: {}", e.getMessage());
        return true;
      }
    }
    reportUnmanaged(target, tally);
    return true;
  }

  /** Compares one zone; false if the masters could not tell. */
  private boolean check(Target target, ZoneKey key, Tally tally)
      throws BackendException, OperationRejectedException {
    Optional<SOARecord> served = target.backend().findSoa(key.zone());
    MasterSoa master;
    try {
      master = masters.of(key.target()).querySoa(key.zone());
    } catch (TransferException e) {
      log.debug("reconciliation: {}: {}", key, e.getMessage());
      return false;
    }
    if (served.isEmpty()) {
      if (queue.submitRepair(OperationKind.CREATE, key, Optional.empty())) {
        tally.missing++;
        log.warn("reconciliation: {} is missing on the backend; creating it again", key);
      }
    } else if (Serial.compare(master.serial(), served.get().getSerial()) > 0) {
      if (queue.submitRepair(OperationKind.UPDATE, key, Optional.of(master.soa()))) {
        tally.behind++;
        log.info(
            "reconciliation: {} is at serial {}, masters at {}; updating",
            key,
            served.get().getSerial(),
            master.serial());
      }
    }
    return true;
  }

  private void reportUnmanaged(Target target, Tally tally) {
    Optional<Set<Name>> all;
    try {
      all = target.backend().listZones();
    } catch (BackendException e) {
      log.debug("reconciliation: cannot list the zones of {}: {}", target.name(), e.getMessage());
      return;
    }
    if (all.isEmpty()) {
      return;
    }
    all.get().stream()
        .map(zone -> new ZoneKey(target.name(), zone))
        .filter(key -> !catalog.contains(key) && !queue.isBusy(key))
        .sorted((a, b) -> a.zone().compareTo(b.zone()))
        .forEach(
            key -> {
              tally.unmanagedCount++;
              if (tally.unmanaged.size() < UNMANAGED_SHOWN) {
                tally.unmanaged.add(key.toString());
              }
            });
  }
}
