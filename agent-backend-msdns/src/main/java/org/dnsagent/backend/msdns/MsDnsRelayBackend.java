// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.master.ZoneServer;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;
import org.xbill.DNS.TextParseException;

/**
 * {@code zone_mode = relay}: the agent transfers the zones from the masters (any port, TSIG, IXFR)
 * and hands them to this backend, which keeps them ({@link RelayZones}: files in the state
 * directory, served by the local master's {@link ZoneServer}) and serves them to Microsoft DNS on
 * {@code relay_listen}; Microsoft DNS holds secondary zones whose master is the relay, created and
 * removed through the same PowerShell scripts as {@code zone_mode = secondary} (an {@link
 * MsDnsSecondaryBackend} whose only master is {@code relay_master_address}).
 *
 * <p>What the backend reports as served is the relay's SOA for the zones Microsoft DNS holds as the
 * agent's: the relay's version is what Microsoft DNS follows by NOTIFY, IXFR and its own refresh
 * timer. A zone Microsoft DNS reports behind the relay is NOTIFYed again.
 */
public final class MsDnsRelayBackend implements IncrementalUpdates, ZoneInventory {
  private static final Logger LOG = LoggerFactory.getLogger(MsDnsRelayBackend.class);

  private final MsDnsSecondaryBackend msdns;
  private final RelayZones relay;
  private final InetSocketAddress listen;
  private final String masterAddress;

  MsDnsRelayBackend(
      MsDnsSecondaryBackend msdns,
      RelayZones relay,
      InetSocketAddress listen,
      String masterAddress) {
    this.msdns = requireNonNull(msdns, "msdns is null");
    this.relay = requireNonNull(relay, "relay is null");
    this.listen = requireNonNull(listen, "listen is null");
    this.masterAddress = requireNonNull(masterAddress, "masterAddress is null");
  }

  /**
   * Starts the relay (reloads its zones, binds {@code relay_listen}) once, then checks Microsoft
   * DNS. A port in use is MISCONFIGURED (the agent does not start); Microsoft DNS unreachable is
   * UNAVAILABLE (the agent starts and calls this again later; the relay serves meanwhile).
   */
  @Override
  public void start() throws BackendException {
    try {
      relay.start();
    } catch (BindException e) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "relay_listen = " + HostPort.format(listen) + ": " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new BackendException(
          Kind.MISCONFIGURED, "msdns relay cannot start: " + e.getMessage(), e);
    }
    if (listen.getPort() != 53) {
      LOG.warn(
          "msdns relay listens on port {}: Microsoft DNS transfers only from port 53 of {},"
              + " so that port must reach the relay",
          listen.getPort(),
          masterAddress);
    }
    msdns.start();
  }

  /** The relay's bound address. */
  public InetSocketAddress relayAddress() {
    return relay.address();
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    ResultLines.Line line = msdns.soaLine(zone);
    Name key = zone.canonicalize();
    Optional<SOARecord> held = relay.soa(key);
    if (!line.ok() || held.isEmpty()) {
      return Optional.empty(); // not on Microsoft DNS as ours, or not kept: create it (again)
    }
    nudgeIfBehind(key, held.get().getSerial(), line);
    return held;
  }

  /**
   * Keeps and serves the zone (on disk before anything else), then creates Microsoft DNS's
   * secondary zone whose master is the relay. If that fails, a zone the relay did not hold before
   * is forgotten again: nothing is left half done, and the agent retries.
   */
  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    Name key = validated(zone.name());
    boolean held = relay.soa(key).isPresent();
    keep(zone);
    try {
      msdns.createSecondaryZone(key, zone.soa());
    } catch (BackendException e) {
      if (!held) {
        forget(key);
      }
      throw e;
    }
  }

  /**
   * Checks that Microsoft DNS holds the zone as the agent's (recreating it there if it vanished),
   * then keeps and serves the new version, which NOTIFYs Microsoft DNS. Microsoft DNS unreachable:
   * UNAVAILABLE, and the relay still serves the old version.
   */
  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    Name key = validated(zone.name());
    requireHeld(key);
    ensureOnMicrosoftDns(key, zone.soa());
    keep(zone);
  }

  @Override
  public void applyChanges(ZoneChanges changes) throws BackendException {
    Name key = validated(changes.name());
    requireHeld(key);
    Optional<SOARecord> now = relay.soa(key);
    ensureOnMicrosoftDns(key, now.orElseThrow());
    if (now.get().getSerial() == changes.toSerial()) {
      // Already kept (Microsoft DNS reported an older serial): NOTIFY it again.
      relay.renotify(key);
      return;
    }
    Optional<ZoneServer.Published> done;
    try {
      done = relay.apply(changes);
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE, "msdns relay cannot keep " + key + ": " + e.getMessage(), e);
    }
    if (done.isEmpty()) {
      throw new BackendException(
          Kind.REJECTED,
          "msdns relay holds "
              + key
              + " at serial "
              + now.get().getSerial()
              + ", not "
              + changes.fromSerial());
    }
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    Name key = validated(zone);
    msdns.deleteZone(key); // REJECTED for a zone configured by hand: then the relay keeps nothing
    forget(key);
  }

  @Override
  public Inventory inventory() throws BackendException {
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    for (ResultLines.Line line : msdns.inventoryLines()) {
      Name name;
      try {
        name = Name.fromString(line.zone(), Name.root).canonicalize();
      } catch (TextParseException e) {
        LOG.warn("msdns relay: skipping zone {} in the inventory: {}", line.zone(), e.getMessage());
        continue;
      }
      if (!line.ok()) {
        if (line.error().filter("unmanaged"::equals).isPresent()) {
          unmanaged.add(name);
        }
        continue;
      }
      Optional<SOARecord> held = relay.soa(name);
      if (held.isPresent()) {
        served.put(name, held.get().getSerial());
        nudgeIfBehind(name, held.get().getSerial(), line);
      }
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    BackendHealth windows = msdns.checkHealth();
    String relayState;
    try {
      relayState =
          "relay on "
              + HostPort.format(relay.address())
              + " serving "
              + relay.size()
              + " zones ("
              + relay.counters().fullTransfers.get()
              + " full and "
              + relay.counters().incrementalTransfers.get()
              + " incremental transfers, "
              + relay.counters().refused.get()
              + " refused)";
    } catch (IllegalStateException notStarted) {
      return BackendHealth.failing("msdns relay on " + HostPort.format(listen) + " not started");
    }
    return windows.healthy()
        ? BackendHealth.ok(relayState + "; Microsoft DNS via " + msdns.where())
        : BackendHealth.failing(windows.detail() + "; " + relayState);
  }

  @Override
  public void close() {
    try {
      msdns.close();
    } finally {
      relay.close();
    }
  }

  /** Transfers served and queries refused so far; for tests and status. */
  RelayZones.Counters counters() {
    return relay.counters();
  }

  // ---------------------------------------------------------------- internals

  private static Name validated(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(Kind.REJECTED, "zone " + zone + ": " + problem.get());
    }
    return zone.canonicalize();
  }

  private void requireHeld(Name zone) throws BackendException {
    if (relay.soa(zone).isEmpty()) {
      throw new BackendException(
          Kind.REJECTED, "zone " + zone + " is not held by the msdns relay (create it first)");
    }
  }

  private void keep(ZoneContent zone) throws BackendException {
    try {
      ZoneServer.Published published = relay.put(zone);
      if (published == ZoneServer.Published.SERIAL_NOT_INCREASED) {
        LOG.warn(
            "msdns relay: {} changed without a new serial ({}): Microsoft DNS will not take it",
            zone.name(),
            zone.serial());
      }
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE, "msdns relay cannot keep " + zone.name() + ": " + e.getMessage(), e);
    }
  }

  private void forget(Name zone) throws BackendException {
    try {
      relay.remove(zone);
    } catch (IOException e) {
      throw new BackendException(
          Kind.UNAVAILABLE, "msdns relay cannot remove " + zone + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that Microsoft DNS holds the zone as the agent's; recreates its secondary zone if it
   * disappeared there. REJECTED when Microsoft DNS holds a zone of that name configured by hand.
   */
  private void ensureOnMicrosoftDns(Name zone, SOARecord soa) throws BackendException {
    try {
      msdns.checkOurs(zone);
    } catch (BackendException e) {
      if (e.kind() != Kind.REJECTED) {
        throw e;
      }
      LOG.info("msdns relay: {} ({}); creating it on Microsoft DNS", zone, e.getMessage());
      msdns.createSecondaryZone(zone, soa);
    }
  }

  private void nudgeIfBehind(Name zone, long relaySerial, ResultLines.Line line) {
    if (line.serial().isPresent() && Serial.compare(line.serial().getAsLong(), relaySerial) < 0) {
      LOG.info(
          "msdns relay: Microsoft DNS serves {} at serial {}, the relay {}: NOTIFY again",
          zone,
          line.serial().getAsLong(),
          relaySerial);
      relay.renotify(zone);
    }
  }
}
