// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * {@code zone_mode = secondary}: knotd transfers each zone from the agent's masters itself. At
 * start the backend makes sure knotd has a {@code remote} for each master (and its TSIG {@code
 * key}); a zone is configured with those remotes as its {@code master}, and a NOTIFY becomes a
 * {@code zone-refresh}.
 */
public final class KnotSecondaryBackend extends KnotBackend implements SecondaryBackend {
  private static final Logger log = LoggerFactory.getLogger(KnotSecondaryBackend.class);

  private final List<MasterServer> masters;

  /** Remote id by master, in the masters' order. */
  private final Map<MasterServer, String> remotes = new LinkedHashMap<>();

  public KnotSecondaryBackend(
      KnotConfig config, KnotControl control, HostAccess host, List<MasterServer> masters) {
    super(config, control, host);
    this.masters = List.copyOf(masters);
    for (MasterServer m : this.masters) {
      remotes.put(m, remoteId(m));
    }
  }

  /** A remote id derived from the master's address, port and key: the same master, the same id. */
  static String remoteId(MasterServer master) {
    String raw = knotAddress(master) + master.key().map(k -> "-" + k.name()).orElse("");
    return "dns-agent-" + raw.replaceAll("[^A-Za-z0-9.]", "-");
  }

  /** The master as knotd writes an address: {@code 192.0.2.1@53}. */
  static String knotAddress(MasterServer master) {
    InetAddress ip = master.address().getAddress();
    return ip.getHostAddress() + "@" + master.address().getPort();
  }

  @Override
  protected void prepare() throws BackendException {
    List<ConfTransactions.Change> changes = new ArrayList<>();
    for (Map.Entry<MasterServer, String> entry : remotes.entrySet()) {
      MasterServer master = entry.getKey();
      String id = entry.getValue();
      if (master.key().isPresent()) {
        ensureKey(master.key().get(), changes);
      }
      CtlUnit remote = CtlUnit.of().with(CtlItem.SECTION, "remote").with(CtlItem.ID, id);
      CtlReply read = readConf(remote.with(CtlItem.ITEM, "address"));
      if (read.ok()) {
        boolean same =
            read.units().stream()
                .anyMatch(u -> u.get(CtlItem.DATA).orElse("").equals(knotAddress(master)));
        if (!same) {
          throw new BackendException(
              Kind.MISCONFIGURED,
              "knotd's remote '"
                  + id
                  + "' does not have address "
                  + knotAddress(master)
                  + ": remove it (knotc conf-unset 'remote["
                  + id
                  + "]') and restart the agent");
        }
        continue;
      }
      if (!read.notFound()) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "knotd conf-read remote[" + id + "]: " + read.firstError().orElse(""));
      }
      List<CtlUnit> items = new ArrayList<>();
      items.add(remote);
      items.add(remote.with(CtlItem.ITEM, "address").with(CtlItem.DATA, knotAddress(master)));
      master
          .key()
          .ifPresent(k -> items.add(remote.with(CtlItem.ITEM, "key").with(CtlItem.DATA, keyId(k))));
      items.add(remote.with(CtlItem.ITEM, "comment").with(CtlItem.DATA, COMMENT));
      changes.add(ConfTransactions.Change.set("remote " + id, items));
    }
    for (ConfTransactions.Change change : changes) {
      try {
        transactions.submit(change);
      } catch (BackendException e) {
        throw new BackendException(
            Kind.MISCONFIGURED, "cannot add the masters to knotd: " + e.getMessage(), e);
      }
    }
    log.info("knotd transfers from remotes {}", remotes.values());
  }

  private static String keyId(TsigKeySpec key) {
    return key.keyName().canonicalize().toString();
  }

  /** Makes sure knotd knows the master's TSIG key; the secret only ever goes over the socket. */
  private void ensureKey(TsigKeySpec key, List<ConfTransactions.Change> changes)
      throws BackendException {
    String id = keyId(key);
    CtlUnit unit = CtlUnit.of().with(CtlItem.SECTION, "key").with(CtlItem.ID, id);
    CtlReply read = readConf(unit.with(CtlItem.ITEM, "algorithm"));
    if (read.ok()) {
      boolean same =
          read.units().stream()
              .anyMatch(u -> u.get(CtlItem.DATA).orElse("").equalsIgnoreCase(key.algorithm()));
      if (!same) {
        throw new BackendException(
            Kind.MISCONFIGURED,
            "knotd's key '" + id + "' is not " + key.algorithm() + " as the agent's key is");
      }
      return;
    }
    if (!read.notFound()) {
      throw new BackendException(
          Kind.UNAVAILABLE, "knotd conf-read key[" + id + "]: " + read.firstError().orElse(""));
    }
    if (!control.name().equals("native")) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "knotd has no key '"
              + id
              + "' for master transfers; with knot_transport = exec the agent never puts a"
              + " secret on knotc's command line: declare the key in knot.conf");
    }
    for (ConfTransactions.Change pending : changes) {
      if (pending.what().equals("key " + id)) {
        return;
      }
    }
    changes.add(
        ConfTransactions.Change.set(
            "key " + id,
            List.of(
                unit,
                unit.with(CtlItem.ITEM, "algorithm").with(CtlItem.DATA, key.algorithm()),
                unit.with(CtlItem.ITEM, "secret").with(CtlItem.DATA, key.secret().trim()))));
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    Ownership owner = ownership(zone);
    if (owner == Ownership.FOREIGN) {
      ours.remove(zone);
      throw notOurs(zone, "not changing it");
    }
    if (owner == Ownership.OURS) {
      zoneCommand("zone-thaw", "", zone, true);
      zoneCommand("zone-refresh", "", zone, true);
      ours.add(zone);
      return;
    }
    List<CtlUnit> items = zoneItems(zone);
    CtlUnit base = CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, id(zone));
    for (String remote : remotes.values()) {
      items.add(base.with(CtlItem.ITEM, "master").with(CtlItem.DATA, remote));
    }
    addZone(zone, items);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    if (!ours.contains(zone)) {
      Ownership owner = ownership(zone);
      if (owner == Ownership.FOREIGN) {
        throw notOurs(zone, "not refreshing it");
      }
      if (owner == Ownership.ABSENT) {
        createSecondaryZone(zone, masterSoa);
        return;
      }
      ours.add(zone);
    }
    Optional<SOARecord> served = findSoa(zone);
    // A master that went back in serial is only followed by a forced full transfer.
    String command =
        served.isPresent()
                && org.xbill.DNS.Serial.compare(served.get().getSerial(), masterSoa.getSerial()) > 0
            ? "zone-retransfer"
            : "zone-refresh";
    if (!zoneCommand(command, "", zone, true)) {
      ours.remove(zone);
      createSecondaryZone(zone, masterSoa);
    }
  }

  @Override
  public String toString() {
    return "KnotSecondaryBackend[" + config.socket() + "]";
  }
}
