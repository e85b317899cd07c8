// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * API mode, {@code zone_mode = secondary}: Slave zones with the masters; axfr-retrieve on NOTIFY.
 */
final class ApiSecondaryBackend extends ApiBackend implements SecondaryBackend {
  private final List<String> masters;

  ApiSecondaryBackend(PdnsConfig config, PdnsApi api, List<MasterServer> masters) {
    super(config, api);
    this.masters = PdnsConfig.masterList(masters);
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    SqlBackend.checkName(zone);
    Optional<JsonNode> found = api.zone(zone, false);
    if (found.isPresent()) {
      requireOurs(zone, found.get(), "Slave", "not touching it");
    } else {
      ObjectNode body = PdnsApi.JSON.createObjectNode();
      body.put("name", PdnsApi.zoneId(zone));
      body.put("kind", "Slave");
      body.put("account", config.account());
      body.putArray("nameservers");
      var list = body.putArray("masters");
      masters.forEach(list::add);
      PdnsApi.Reply reply = api.send("POST", "/zones", body);
      if (!reply.ok()) {
        if (reply.status() != 409) {
          throw PdnsApi.failure("create zone " + zone, reply);
        }
        found = api.zone(zone, false);
        if (found.isEmpty()) {
          throw PdnsApi.failure("create zone " + zone, reply);
        }
        requireOurs(zone, found.get(), "Slave", "not touching it");
      }
      api.flush(zone);
    }
    retrieve(zone);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    SqlBackend.checkName(zone);
    Optional<JsonNode> found = api.zone(zone, false);
    if (found.isEmpty()) {
      createSecondaryZone(zone, masterSoa);
      return;
    }
    requireOurs(zone, found.get(), "Slave", "not touching it");
    retrieve(zone);
  }

  private void retrieve(Name zone) throws BackendException {
    PdnsApi.Reply reply =
        api.send("PUT", "/zones/" + PdnsApi.zoneId(zone) + "/axfr-retrieve", null);
    if (!reply.ok()) {
      throw PdnsApi.failure("start a transfer of " + zone, reply);
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
