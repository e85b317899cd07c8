// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dnsagent.core.config.CatalogConfig;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.xfr.MasterClient;
import org.dnsagent.core.xfr.SpooledZone;
import org.dnsagent.core.xfr.TransferException;
import org.dnsagent.core.xfr.TransferResult;
import org.dnsagent.spi.RecordReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * Follows one catalog zone: transfers it (IXFR once it has a copy), turns membership changes into
 * CREATEs and DELETEs through the agent's journaled queue, and applies the guard rails: a transfer
 * that fails never deletes anything, a catalog with a wrong version is ignored (the last good
 * membership stays), an update removing more than {@code max_deletions} members waits for an
 * operator, deletions wait {@code delete_delay} and are cancelled if the member returns, and a zone
 * the follower did not create is never deleted by it.
 *
 * <p>Every method runs under this object's lock: transfers and timers of one catalog never overlap.
 */
public final class CatalogFollower {
  private static final Logger log = LoggerFactory.getLogger(CatalogFollower.class);
  private static final Duration MIN_REFRESH = Duration.ofSeconds(1);
  private static final Duration MAX_REFRESH = Duration.ofDays(1);
  private static final Duration RETRY_AFTER_QUEUE_FULL = Duration.ofSeconds(1);

  /** Where membership changes go: the agent's operation queue. */
  public interface Provisioner {
    /** True if the agent holds the zone on that target already (created by anyone). */
    boolean holds(ZoneKey key);

    /**
     * Queues a CREATE; the future completes once it is journaled (many CREATEs then share one
     * journal fsync).
     */
    CompletableFuture<Void> create(ZoneKey key) throws OperationRejectedException;

    /** Queues a DELETE; the future completes once it is journaled. */
    CompletableFuture<Void> delete(ZoneKey key) throws OperationRejectedException;
  }

  /** The other catalogs this agent follows, for change of ownership (RFC 9432 §5.6). */
  interface Peers {
    /** The follower of the catalog zone {@code zone}, if this agent follows it. */
    Optional<CatalogFollower> byZone(Name zone);
  }

  private final CatalogConfig config;
  private final MasterClient masters;
  private final Provisioner provisioner;
  private final Peers peers;
  private final Path stateFile;
  private final Clock clock;
  private final CatalogState state;

  /** Operations queued by the current step, awaited (journaled) before the state is saved. */
  private final List<CompletableFuture<Void>> queued = new ArrayList<>();

  private CatalogZone zone; // the last good catalog; null until the first transfer
  private boolean fullDiffNeeded = true;
  private Held held; // an update waiting for an operator, or null
  private boolean confirmed;
  private Instant nextRefresh;
  private Instant lastTransfer;
  private String lastError;
  private long transfers;
  private String lastUpdate = "none yet";

  /** The coo property members had when last seen: read once they are gone from the catalog. */
  private final Map<Name, Optional<Name>> lastCoo = new LinkedHashMap<>();

  /** An update held by the deletion guard. */
  public record Held(long serial, int deletions, long allowed, Instant since) {}

  CatalogFollower(
      CatalogConfig config,
      MasterClient masters,
      Provisioner provisioner,
      Peers peers,
      Path stateFile,
      Clock clock)
      throws IOException {
    this.config = requireNonNull(config, "config is null");
    this.masters = requireNonNull(masters, "masters is null");
    this.provisioner = requireNonNull(provisioner, "provisioner is null");
    this.peers = requireNonNull(peers, "peers is null");
    this.stateFile = requireNonNull(stateFile, "stateFile is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.state = CatalogState.read(stateFile);
    this.nextRefresh = clock.instant();
  }

  CatalogConfig config() {
    return config;
  }

  /** Asks for a transfer at the next tick (a NOTIFY for the catalog arrived). */
  synchronized void refreshSoon() {
    nextRefresh = clock.instant();
  }

  /** Applies the held update at the next refresh, whatever it deletes. */
  synchronized boolean confirm() {
    if (held == null) {
      return false;
    }
    confirmed = true;
    fullDiffNeeded = true;
    nextRefresh = clock.instant();
    return true;
  }

  /** Transfers when due and carries out due deletions; called by the timer. */
  synchronized void tick() {
    Instant now = clock.instant();
    if (!now.isBefore(nextRefresh)) {
      refresh();
    }
    deleteDue(clock.instant());
  }

  /** Transfers the catalog now and applies it. */
  synchronized void refresh() {
    Optional<SOARecord> current = zone == null ? Optional.empty() : zone.soa();
    TransferResult result;
    try {
      result = masters.transfer(config.zone(), masters.masters().get(0), current);
    } catch (TransferException e) {
      // Never a reason to delete anything: keep the last good membership and retry.
      lastError = "transfer failed: " + e.getMessage();
      log.warn("catalog {}: {}", config.name(), lastError);
      nextRefresh = clock.instant().plus(retryInterval());
      return;
    }
    lastTransfer = clock.instant();
    transfers++;
    Set<Name> scope;
    if (result instanceof TransferResult.UpToDate) {
      scope = Set.of();
    } else if (result instanceof TransferResult.Full full) {
      CatalogZone fresh;
      try (SpooledZone spooled = full.zone();
          RecordReader records = spooled.openRecords()) {
        fresh = CatalogZone.read(config.zone(), records);
      } catch (IOException e) {
        lastError = "cannot read the transferred catalog: " + e.getMessage();
        nextRefresh = clock.instant().plus(retryInterval());
        return;
      }
      Optional<String> problem = fresh.problem();
      if (problem.isPresent()) {
        reject(problem.get(), fresh.soa());
        return;
      }
      zone = fresh;
      fullDiffNeeded = true;
      scope = Set.of();
      lastUpdate = "AXFR, " + fresh.size() + " member zones compared";
    } else {
      TransferResult.Incremental inc = (TransferResult.Incremental) result;
      Set<Name> affected = zone.apply(inc.changes());
      Optional<String> problem = zone.problem();
      if (problem.isPresent()) {
        zone.revert(inc.changes());
        reject(problem.get(), Optional.of(inc.changes().toSoa()));
        return;
      }
      scope = affected;
      lastUpdate =
          "IXFR, "
              + (inc.changes().additions().size() + inc.changes().deletions().size())
              + " records changed, "
              + affected.size()
              + " member zones compared";
    }
    lastError = null;
    nextRefresh = clock.instant().plus(refreshInterval());
    if (fullDiffNeeded || !scope.isEmpty()) {
      apply(fullDiffNeeded ? null : scope);
    }
  }

  private void reject(String problem, Optional<SOARecord> soa) {
    String error =
        "catalog"
            + soa.map(s -> " serial " + s.getSerial()).orElse("")
            + " ignored, last good membership kept: "
            + problem;
    if (!error.equals(lastError)) {
      log.warn("catalog {}: {}", config.name(), error); // once per bad version, not per refresh
    }
    lastError = error;
    // The producer must fix it: try again at the normal refresh, or at its NOTIFY.
    nextRefresh = clock.instant().plus(refreshInterval());
  }

  /** One change to carry out. */
  private record Change(Name zone, String fromTarget, String toTarget, String id, boolean reset) {}

  /**
   * Compares the catalog with what was provisioned, for the zones in {@code scope} (all when null),
   * and carries out the difference unless the deletion guard holds it.
   */
  private void apply(Set<Name> scope) {
    Map<Name, Member> members = scope == null ? zone.members() : null;
    Set<Name> zones = new HashSet<>();
    if (scope == null) {
      zones.addAll(members.keySet());
      zones.addAll(state.applied.keySet());
    } else {
      zones.addAll(scope);
    }
    List<Change> changes = new ArrayList<>();
    int deletions = 0;
    for (Name z : zones) {
      Optional<Member> m = members != null ? Optional.ofNullable(members.get(z)) : zone.member(z);
      CatalogState.Applied cur = state.applied.get(z);
      if (m.isPresent() && m.get().coo().isPresent()) {
        lastCoo.put(z, m.get().coo());
      } else if (m.isPresent()) {
        lastCoo.remove(z);
      }
      if (m.isPresent()) {
        String target = config.targetFor(m.get().groups());
        if (cur == null) {
          changes.add(new Change(z, null, target, m.get().id(), false));
        } else if (!cur.target().equals(target)) {
          changes.add(new Change(z, cur.target(), target, m.get().id(), false));
          deletions += cur.owned() ? 1 : 0;
        } else if (!cur.id().equals(m.get().id())) {
          // A new unique id for the same zone: the producer asks for a fresh zone (RFC 9432 §5.6).
          changes.add(new Change(z, cur.target(), target, m.get().id(), true));
        }
      } else if (cur != null) {
        changes.add(new Change(z, cur.target(), null, cur.id(), false));
        deletions += cur.owned() && !handedOver(z) ? 1 : 0;
      }
    }
    long allowed = config.maxDeletions().allowed(state.applied.size());
    if (deletions > allowed && !confirmed) {
      long serial = zone.soa().map(SOARecord::getSerial).orElse(-1L);
      if (held == null || held.serial() != serial) {
        log.warn(
            "catalog {}: update to serial {} would delete {} members (max_deletions {} = {}):"
                + " held; run `dns-agent catalog confirm {}` to apply it",
            config.name(),
            serial,
            deletions,
            config.maxDeletions(),
            allowed,
            config.name());
      }
      held = new Held(serial, deletions, allowed, held == null ? clock.instant() : held.since());
      fullDiffNeeded = true; // later updates must be compared with what was really applied
      return;
    }
    held = null;
    confirmed = false;
    try {
      for (Change c : changes) {
        carryOut(c);
      }
      awaitQueued();
      fullDiffNeeded = false;
    } catch (OperationRejectedException e) {
      lastError = "could not queue all changes, will retry: " + e.getMessage();
      log.warn("catalog {}: {}", config.name(), lastError);
      fullDiffNeeded = true;
      nextRefresh = clock.instant().plus(RETRY_AFTER_QUEUE_FULL);
    } finally {
      save();
    }
  }

  private void carryOut(Change c) throws OperationRejectedException {
    CatalogState.Applied cur = state.applied.get(c.zone());
    if (c.toTarget() == null) {
      // Removed from the catalog.
      Optional<CatalogFollower> heir = heir(c.zone());
      if (heir.isPresent()) {
        state.applied.remove(c.zone());
        heir.get().adopt(c.zone(), cur);
        log.info(
            "catalog {}: {} handed over to catalog {}",
            config.name(),
            c.zone(),
            heir.get().config.name());
      } else if (cur.owned()) {
        scheduleDeletion(c.zone(), cur.target());
      } else {
        state.applied.remove(c.zone());
      }
      return;
    }
    if (c.reset() && cur != null && cur.owned()) {
      queued.add(provisioner.delete(new ZoneKey(cur.target(), c.zone())));
      state.pending.remove(c.zone());
      queued.add(provisioner.create(new ZoneKey(c.toTarget(), c.zone())));
      state.applied.put(c.zone(), new CatalogState.Applied(c.toTarget(), c.id(), true));
      log.info(
          "catalog {}: {} has a new member id {}: re-created", config.name(), c.zone(), c.id());
      return;
    }
    if (c.fromTarget() != null && !c.fromTarget().equals(c.toTarget()) && cur.owned()) {
      scheduleDeletion(c.zone(), c.fromTarget());
    }
    CatalogState.PendingDeletion pending = state.pending.get(c.zone());
    ZoneKey key = new ZoneKey(c.toTarget(), c.zone());
    boolean owned;
    if (pending != null && pending.target().equals(c.toTarget())) {
      state.pending.remove(c.zone()); // back before its deletion: keep it
      owned = true;
      log.info("catalog {}: {} is back: deletion cancelled", config.name(), c.zone());
    } else if (cur != null && cur.target().equals(c.toTarget())) {
      owned = cur.owned();
    } else {
      owned = !provisioner.holds(key);
      queued.add(provisioner.create(key));
    }
    state.applied.put(c.zone(), new CatalogState.Applied(c.toTarget(), c.id(), owned));
  }

  private void scheduleDeletion(Name z, String target) throws OperationRejectedException {
    if (config.deleteDelay().isZero()) {
      queued.add(provisioner.delete(new ZoneKey(target, z)));
      state.pending.remove(z);
    } else {
      state.pending.put(
          z, new CatalogState.PendingDeletion(target, clock.instant().plus(config.deleteDelay())));
    }
    CatalogState.Applied cur = state.applied.get(z);
    if (cur != null && cur.target().equals(target)) {
      state.applied.remove(z);
    }
  }

  /** Carries out deletions whose delay has passed. */
  private void deleteDue(Instant now) {
    boolean changed = false;
    try {
      for (Map.Entry<Name, CatalogState.PendingDeletion> e :
          new ArrayList<>(state.pending.entrySet())) {
        if (e.getValue().due().isAfter(now)) {
          continue;
        }
        CatalogState.Applied cur = state.applied.get(e.getKey());
        if (cur == null || !cur.target().equals(e.getValue().target())) {
          queued.add(provisioner.delete(new ZoneKey(e.getValue().target(), e.getKey())));
          log.info("catalog {}: {} deleted (removed from the catalog)", config.name(), e.getKey());
        }
        state.pending.remove(e.getKey());
        changed = true;
      }
      awaitQueued();
    } catch (OperationRejectedException e) {
      lastError = "could not queue a deletion, will retry: " + e.getMessage();
    } finally {
      if (changed) {
        save();
      }
    }
  }

  /** Waits until every operation queued by this step is journaled. */
  private void awaitQueued() throws OperationRejectedException {
    try {
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw new OperationRejectedException(
          "not journaled: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    } finally {
      queued.clear();
    }
  }

  /** The catalog this member moves to by its {@code coo} property, if this agent follows it. */
  private Optional<CatalogFollower> heir(Name z) {
    // The member is gone from our catalog: its coo was read when it was still there.
    Optional<Name> coo = lastCoo.getOrDefault(z, Optional.empty());
    if (coo.isEmpty() || coo.get().equals(config.zone())) {
      return Optional.empty();
    }
    return peers.byZone(coo.get()).filter(f -> f.lists(z));
  }

  /** True if this catalog lists the zone now. */
  synchronized boolean lists(Name z) {
    return zone != null && zone.member(z).isPresent();
  }

  /** Takes over a member another catalog hands over (its {@code coo} names this catalog). */
  synchronized void adopt(Name z, CatalogState.Applied from) {
    String id = zone != null ? zone.member(z).map(Member::id).orElse(from.id()) : from.id();
    state.applied.put(z, new CatalogState.Applied(from.target(), id, from.owned()));
    fullDiffNeeded = true;
    save();
  }

  private boolean handedOver(Name z) {
    return heir(z).isPresent();
  }

  private void save() {
    try {
      state.write(stateFile);
    } catch (IOException e) {
      lastError = "cannot save " + stateFile + ": " + e.getMessage();
      log.error("catalog {}: {}", config.name(), lastError);
    }
  }

  private Duration refreshInterval() {
    long seconds = zone == null ? 60 : zone.soa().map(SOARecord::getRefresh).orElse(60L);
    return clamp(Duration.ofSeconds(seconds));
  }

  private Duration retryInterval() {
    long seconds = zone == null ? 10 : zone.soa().map(SOARecord::getRetry).orElse(10L);
    return clamp(Duration.ofSeconds(Math.min(seconds, 300)));
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MIN_REFRESH) < 0
        ? MIN_REFRESH
        : d.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : d;
  }

  /** What {@code catalog show} prints. */
  synchronized CatalogReport report(boolean withMembers) {
    List<CatalogReport.MemberView> views = new ArrayList<>();
    if (withMembers) {
      state.applied.forEach(
          (z, a) ->
              views.add(new CatalogReport.MemberView(z.toString(), a.target(), a.id(), a.owned())));
    }
    List<CatalogReport.PendingView> pendings = new ArrayList<>();
    state.pending.forEach(
        (z, p) -> pendings.add(new CatalogReport.PendingView(z.toString(), p.target(), p.due())));
    return new CatalogReport(
        config.name(),
        config.zone().toString(),
        zone == null ? Optional.empty() : zone.soa().map(SOARecord::getSerial),
        Optional.ofNullable(lastTransfer),
        transfers,
        state.applied.size(),
        views,
        pendings,
        Optional.ofNullable(held),
        Optional.ofNullable(lastError),
        lastUpdate);
  }
}
