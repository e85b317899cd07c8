// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.Optional;
import org.dnsagent.core.ops.Operation;
import org.dnsagent.core.ops.OperationFailedException;
import org.dnsagent.core.ops.OperationRunner;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.xfr.MasterClient;
import org.dnsagent.core.xfr.MasterSoa;
import org.dnsagent.core.xfr.TransferException;
import org.dnsagent.core.xfr.TransferResult;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.SecondaryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * Carries out CREATE, UPDATE and DELETE: asks the masters for the SOA, transfers only when the
 * master is ahead (RFC 1996 §3.11, RFC 1982 arithmetic), and hands the result to the target's
 * backend. Runs on the operation queue's threads, one zone at a time.
 */
final class ZoneWorker implements OperationRunner {
  private static final Logger log = LoggerFactory.getLogger(ZoneWorker.class);

  private final TargetSelector targets;
  private final TargetMasters masters;
  private final HealthMonitors health;
  private final ServedZones served;

  ZoneWorker(
      TargetSelector targets, TargetMasters masters, HealthMonitors health, ServedZones served) {
    this.targets = targets;
    this.masters = masters;
    this.health = health;
    this.served = served;
  }

  @Override
  public String run(Operation op) throws OperationFailedException {
    Target target =
        targets
            .byName(op.key().target())
            .orElseThrow(
                () -> new OperationFailedException("unknown target " + op.key().target(), false));
    Backend backend = target.backend();
    MasterClient masters = this.masters.of(target.name());
    ZoneKey key = op.key();
    if (!health.of(target.name()).started()) {
      throw new OperationFailedException(
          "backend " + target.config().driver() + " has not started yet", true);
    }
    try {
      String result =
          switch (op.kind()) {
            case CREATE -> create(backend, masters, key);
            case UPDATE -> update(backend, masters, key);
            case DELETE -> delete(backend, key);
          };
      health.of(target.name()).success(null);
      return result;
    } catch (BackendException e) {
      served.forget(key);
      if (e.kind() == BackendException.Kind.UNAVAILABLE) {
        health.of(target.name()).failure(e.getMessage());
      }
      throw new OperationFailedException(
          "backend " + target.config().driver() + ": " + e.getMessage(), e.isRetryable(), e);
    } catch (TransferException e) {
      served.forget(key);
      throw new OperationFailedException(e.getMessage(), e.retryable(), e);
    }
  }

  private String create(Backend backend, MasterClient masters, ZoneKey key)
      throws BackendException, TransferException {
    Name zone = key.zone();
    Optional<SOARecord> now = backend.findSoa(zone);
    if (now.isPresent()) {
      served.served(key, now.get());
      return "already served at serial " + now.get().getSerial();
    }
    if (backend instanceof SecondaryBackend secondary) {
      MasterSoa master = masters.querySoa(zone);
      secondary.createSecondaryZone(zone, master.soa());
      served.forget(key); // the server transfers it when it will
      return "provisioned as secondary of " + masters.masters();
    }
    ContentBackend writer = (ContentBackend) backend;
    // No SOA query first: the transfer starts with the SOA, and a master without the zone refuses.
    try (var content = masters.transferNew(zone).zone()) {
      writer.createZone(content);
      served.served(key, content.soa());
      log.debug(
          "created {} at serial {} ({} records)", zone, content.serial(), content.recordCount());
      return "created at serial " + content.serial() + " (" + content.recordCount() + " records)";
    }
  }

  private String update(Backend backend, MasterClient masters, ZoneKey key)
      throws BackendException, TransferException {
    Name zone = key.zone();
    Optional<SOARecord> now = backend.findSoa(zone);
    if (now.isEmpty()) {
      served.absent(key);
      return "not served here; NOTIFY ignored";
    }
    served.served(key, now.get());
    MasterSoa master = masters.querySoa(zone);
    long ours = now.get().getSerial();
    if (Serial.compare(master.serial(), ours) <= 0) {
      return "up to date at serial " + ours + " (master has " + master.serial() + ")";
    }
    if (backend instanceof SecondaryBackend secondary) {
      secondary.refreshSecondaryZone(zone, master.soa());
      served.forget(key); // the server transfers it when it will
      return "refresh requested (serial " + ours + " -> " + master.serial() + ")";
    }
    ContentBackend writer = (ContentBackend) backend;
    IncrementalUpdates incremental = backend instanceof IncrementalUpdates i ? i : null;
    Optional<SOARecord> from = incremental != null ? now : Optional.<SOARecord>empty();
    TransferResult result = masters.transfer(zone, master.master(), from);
    if (result instanceof TransferResult.Incremental inc && incremental != null) {
      try {
        incremental.applyChanges(inc.changes());
        served.served(key, inc.changes().toSoa());
        log.debug("updated {} incrementally {} -> {}", zone, ours, inc.changes().toSerial());
        return "updated by IXFR " + ours + " -> " + inc.changes().toSerial();
      } catch (BackendException e) {
        if (e.kind() != BackendException.Kind.REJECTED) {
          throw e;
        }
        log.info(
            "{}: incremental update refused ({}); transferring the whole zone",
            zone,
            e.getMessage());
        result = masters.transfer(zone, master.master(), Optional.empty());
      }
    }
    if (result instanceof TransferResult.Full full) {
      try (var content = full.zone()) {
        writer.updateZone(content);
        served.served(key, content.soa());
        log.debug(
            "updated {} {} -> {} ({} records)",
            zone,
            ours,
            content.serial(),
            content.recordCount());
        return "updated by AXFR " + ours + " -> " + content.serial();
      }
    }
    return "up to date at serial " + ours;
  }

  private String delete(Backend backend, ZoneKey key) throws BackendException {
    backend.deleteZone(key.zone());
    served.absent(key);
    log.debug("deleted {}", key.zone());
    return "deleted";
  }
}
