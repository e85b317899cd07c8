// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.List;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * Database mode, {@code zone_mode = secondary}: a SLAVE domain listing the masters; pdns_server
 * transfers it itself, at once when told {@code retrieve}.
 */
final class SqlSecondaryBackend extends SqlBackend implements SecondaryBackend {
  private final String masters;

  SqlSecondaryBackend(
      PdnsConfig config, SqlStore store, PdnsControl control, List<MasterServer> masters) {
    super(config, store, control);
    this.masters = String.join(",", PdnsConfig.masterList(masters));
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    boolean created = store.writeSecondary(zone, masters);
    notifier.changed(zone, created);
    retrieve(zone);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    var domain = store.domain(zone);
    if (domain.isEmpty() || !domain.get().isOurs(config.account())) {
      createSecondaryZone(zone, masterSoa); // refuses zones that are not ours
      return;
    }
    retrieve(zone);
  }

  private void retrieve(Name zone) throws BackendException {
    String reply = notifier.retrieve(zone);
    if (!reply.startsWith("Added retrieval request")) {
      throw new BackendException(
          Kind.UNAVAILABLE, "pdns_server did not queue a transfer of " + zone + ": " + reply);
    }
  }

  // Legacy Backend methods, removed from the SPI with the kit: a secondary is never handed content.

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    throw new BackendException(
        Kind.INTERNAL, "zone_mode = secondary: pdns_server transfers zones itself");
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    throw new BackendException(
        Kind.INTERNAL, "zone_mode = secondary: pdns_server transfers zones itself");
  }
}
