// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * Database mode, {@code zone_mode = secondary}: a SLAVE domain listing the masters; pdns_server
 * transfers it itself, at once when told {@code retrieve}.
 */
final class SqlSecondaryBackend extends SqlBackend implements SecondaryBackend {
  private final String masters;
  private final Optional<TsigKeySpec> key;

  SqlSecondaryBackend(
      PdnsConfig config, SqlStore store, PdnsControl control, List<MasterServer> masters) {
    super(config, store, control);
    this.masters = String.join(",", PdnsConfig.masterList(masters));
    this.key = PdnsConfig.masterKey(masters);
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    requireServer();
    boolean created = store.writeSecondary(zone, masters, key);
    notifier.changed(zone, created);
    retrieve(zone);
    awaitServed(zone, masterSoa.getSerial(), this::retrieve);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    var domain = store.domain(zone);
    if (domain.isEmpty() || !domain.get().isOurs(config.account())) {
      createSecondaryZone(zone, masterSoa); // refuses zones that are not ours
      return;
    }
    requireServer();
    retrieve(zone);
    awaitServed(zone, masterSoa.getSerial(), this::retrieve);
  }

  private void retrieve(Name zone) throws BackendException {
    String reply = notifier.retrieve(zone);
    if (!reply.startsWith("Added retrieval request")) {
      throw new BackendException(
          Kind.UNAVAILABLE, "pdns_server did not queue a transfer of " + zone + ": " + reply);
    }
  }
}
