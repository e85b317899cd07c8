// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.util.Optional;
import org.dnsagent.core.ops.Operation;
import org.dnsagent.core.ops.OperationFailedException;
import org.dnsagent.core.ops.OperationRunner;
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

  ZoneWorker(TargetSelector targets, TargetMasters masters, HealthMonitors health) {
    this.targets = targets;
    this.masters = masters;
    this.health = health;
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
    Name zone = op.key().zone();
    try {
      String result =
          switch (op.kind()) {
            case CREATE -> create(backend, masters, zone);
            case UPDATE -> update(backend, masters, zone);
            case DELETE -> delete(backend, zone);
          };
      health.of(target.name()).success(null);
      return result;
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.UNAVAILABLE) {
        health.of(target.name()).failure(e.getMessage());
      }
      throw new OperationFailedException(
          "backend " + target.config().driver() + ": " + e.getMessage(), e.isRetryable(), e);
    } catch (TransferException e) {
      throw new OperationFailedException(e.getMessage(), e.retryable(), e);
    }
  }

  private String create(Backend backend, MasterClient masters, Name zone)
      throws BackendException, TransferException {
    Optional<SOARecord> served = backend.findSoa(zone);
    if (served.isPresent()) {
      return "already served at serial " + served.get().getSerial();
    }
    if (backend instanceof SecondaryBackend secondary) {
      MasterSoa master = masters.querySoa(zone);
      secondary.createSecondaryZone(zone, master.soa());
      return "provisioned as secondary of " + masters.masters();
    }
    ContentBackend writer = (ContentBackend) backend;
    // No SOA query first: the transfer starts with the SOA, and a master without the zone refuses.
    try (var content = masters.transferNew(zone).zone()) {
      writer.createZone(content);
      log.debug(
          "created {} at serial {} ({} records)", zone, content.serial(), content.recordCount());
      return "created at serial " + content.serial() + " (" + content.recordCount() + " records)";
    }
  }

  private String update(Backend backend, MasterClient masters, Name zone)
      throws BackendException, TransferException {
    Optional<SOARecord> served = backend.findSoa(zone);
    if (served.isEmpty()) {
      return "not served here; NOTIFY ignored";
    }
    MasterSoa master = masters.querySoa(zone);
    long ours = served.get().getSerial();
    if (Serial.compare(master.serial(), ours) <= 0) {
      return "up to date at serial " + ours + " (master has " + master.serial() + ")";
    }
    if (backend instanceof SecondaryBackend secondary) {
      secondary.refreshSecondaryZone(zone, master.soa());
      return "refresh requested (serial " + ours + " -> " + master.serial() + ")";
    }
    ContentBackend writer = (ContentBackend) backend;
    IncrementalUpdates incremental = backend instanceof IncrementalUpdates i ? i : null;
    Optional<SOARecord> from = incremental != null ? served : Optional.<SOARecord>empty();
    TransferResult result = masters.transfer(zone, master.master(), from);
    if (result instanceof TransferResult.Incremental inc && incremental != null) {
      try {
        incremental.applyChanges(inc.changes());
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

  private String delete(Backend backend, Name zone) throws BackendException {
    backend.deleteZone(zone);
    log.debug("deleted {}", zone);
    return "deleted";
  }
}
