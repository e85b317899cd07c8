// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.ZoneCatalog;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.dnsagent.core.server.AgentMetrics;
import org.dnsagent.core.xfr.MasterSoa;
import org.dnsagent.core.xfr.TransferException;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ZoneInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * Heals drift: for every zone in the catalog, compares the serial the backend serves (from one
 * {@link ZoneInventory} call per sweep where the backend has one, else one {@code findSoa} per
 * zone) with the masters' and queues an update where the backend is behind (a lost NOTIFY), or a
 * CREATE where the backend lost the zone. It never deletes anything; zones the backend has that the
 * agent never created are only reported. Zones with operations queued are skipped (those settle
 * them), and at most {@code rate} zones a second are checked.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int UNMANAGED_SHOWN = 20;

  private final TargetSelector targets;
  private final ZoneCatalog catalog;
  private final TargetMasters masters;
  private final ZoneOperationQueue queue;
  private final HealthMonitors health;
  private final ServedZones served;
  private final double rate;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AgentMetrics metrics;
  private volatile ReconcileReport last = ReconcileReport.none();
  private volatile Tally current;

  Reconciler(
      TargetSelector targets,
      ZoneCatalog catalog,
      TargetMasters masters,
      ZoneOperationQueue queue,
      HealthMonitors health,
      ServedZones served,
      double rate,
      Clock clock,
      AgentMetrics metrics) {
    this.metrics = metrics;
    this.targets = targets;
    this.catalog = catalog;
    this.masters = masters;
    this.queue = queue;
    this.health = health;
    this.served = served;
    this.rate = rate;
    this.clock = clock;
  }

  ReconcileReport report() {
    return last;
  }

  /** The sweep running now, if any: when it started, zones looked at so far, and of how many. */
  Optional<ReconcileProgress> progress() {
    Tally t = current;
    return t == null
        ? Optional.empty()
        : Optional.of(new ReconcileProgress(t.started, t.seen, t.total, t.behind, t.missing));
  }

  /** Counts of one sweep. */
  private static final class Tally {
    Instant started;
    int total;
    volatile int seen;
    int checked;
    int behind;
    int missing;
    int errors;
    int unmanagedCount;
    boolean unmanagedKnown = true;
    final List<String> unmanaged = new ArrayList<>();
  }

  /** One sweep over every target; returns at once if a sweep is running already. */
  void sweep() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    Instant started = clock.instant();
    Tally tally = new Tally();
    tally.started = started;
    tally.total = catalog.size();
    current = tally;
    try {
      for (Target target : targets.all()) {
        if (!sweep(target, tally)) {
          break; // interrupted: the agent is stopping
        }
      }
    } finally {
      current = null;
      running.set(false);
    }
    metrics.sweep(tally.behind, tally.missing, tally.errors);
    last =
        new ReconcileReport(
            Optional.of(started),
            Optional.of(clock.instant()),
            tally.checked,
            tally.behind,
            tally.missing,
            tally.errors,
            tally.unmanaged,
            tally.unmanagedCount,
            tally.unmanagedKnown);
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
    if (!health.of(target.name()).started()) {
      tally.unmanagedKnown = false;
      return true; // its health check starts it; nothing to compare until then
    }
    Optional<ZoneInventory.Inventory> inventory = Optional.empty();
    if (target.backend() instanceof ZoneInventory lister) {
      try {
        inventory = Optional.of(lister.inventory());
      } catch (BackendException e) {
        tally.errors++;
        tally.unmanagedKnown = false;
        if (e.kind() == BackendException.Kind.UNAVAILABLE) {
          health.of(target.name()).failure(e.getMessage());
        }
        log.warn("reconciliation of target {} skipped: {}", target.name(), e.getMessage());
        return true;
      }
    }
    long pause = (long) (1000 / rate);
    for (ZoneKey key : catalog.zones(target.name())) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      tally.seen++;
      if (queue.isBusy(key)) {
        continue;
      }
      tally.checked++;
      try {
        OptionalLong serial;
        if (inventory.isPresent()) {
          serial = servedIn(inventory.get(), key.zone());
          if (serial.isPresent()) {
            served.servedSerial(key, serial.getAsLong());
          } else {
            served.absent(key);
          }
        } else {
          Optional<SOARecord> soa = target.backend().findSoa(key.zone());
          if (soa.isPresent()) {
            served.served(key, soa.get());
          } else {
            served.absent(key);
          }
          serial = serialOf(soa);
        }
        if (!check(key, serial, tally)) {
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
    if (inventory.isPresent()) {
      reportUnmanaged(target, inventory.get().unmanaged(), tally);
    } else {
      tally.unmanagedKnown = false;
    }
    return true;
  }

  private static OptionalLong servedIn(ZoneInventory.Inventory inventory, Name zone) {
    Long serial = inventory.served().get(zone);
    return serial == null ? OptionalLong.empty() : OptionalLong.of(serial);
  }

  private static OptionalLong serialOf(Optional<SOARecord> soa) {
    return soa.isPresent() ? OptionalLong.of(soa.get().getSerial()) : OptionalLong.empty();
  }

  /** Compares one zone's served serial with the masters'; false if the masters could not tell. */
  private boolean check(ZoneKey key, OptionalLong served, Tally tally)
      throws OperationRejectedException {
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
    } else if (Serial.compare(master.serial(), served.getAsLong()) > 0) {
      if (queue.submitRepair(OperationKind.UPDATE, key, Optional.of(master.soa()))) {
        tally.behind++;
        log.info(
            "reconciliation: {} is at serial {}, masters at {}; updating",
            key,
            served.getAsLong(),
            master.serial());
      }
    }
    return true;
  }

  private void reportUnmanaged(Target target, Set<Name> all, Tally tally) {
    all.stream()
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
