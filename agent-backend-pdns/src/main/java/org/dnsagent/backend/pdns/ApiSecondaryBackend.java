// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * API mode, {@code zone_mode = secondary}: Slave zones with the masters; axfr-retrieve on NOTIFY.
 */
final class ApiSecondaryBackend extends ApiBackend implements SecondaryBackend {
  private final List<String> masters;
  private final Optional<TsigKeySpec> key;

  ApiSecondaryBackend(PdnsConfig config, PdnsApi api, List<MasterServer> masters) {
    super(config, api);
    this.masters = PdnsConfig.masterList(masters);
    this.key = PdnsConfig.masterKey(masters);
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
      if (key.isPresent()) {
        // slave_tsig_key_ids becomes the zone's AXFR-MASTER-TSIG: the key of its transfers in.
        body.putArray("slave_tsig_key_ids").add(ensureKey(key.get()));
      }
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
    awaitServed(zone, masterSoa.getSerial(), this::retrieve);
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
    awaitServed(zone, masterSoa.getSerial(), this::retrieve);
  }

  /** Adds the transfer key to pdns's TSIG keys (or checks it is there); returns its API id. */
  private String ensureKey(TsigKeySpec spec) throws BackendException {
    String name = spec.keyName().toString(true);
    ObjectNode body = PdnsApi.JSON.createObjectNode();
    body.put("name", name);
    body.put("algorithm", spec.algorithm());
    body.put("key", spec.secret());
    PdnsApi.Reply reply = api.send("POST", "/tsigkeys", body);
    if (reply.ok() && reply.body() != null && reply.body().hasNonNull("id")) {
      return reply.body().get("id").asText();
    }
    if (reply.status() != 409) {
      throw PdnsApi.failure("add the transfer key " + name, reply);
    }
    String id = name + ".";
    PdnsApi.Reply put = api.send("PUT", "/tsigkeys/" + id, body);
    if (!put.ok()) {
      throw PdnsApi.failure("update the transfer key " + name, put);
    }
    return put.body() != null && put.body().hasNonNull("id") ? put.body().get("id").asText() : id;
  }

  private void retrieve(Name zone) throws BackendException {
    PdnsApi.Reply reply =
        api.send("PUT", "/zones/" + PdnsApi.zoneId(zone) + "/axfr-retrieve", null);
    if (!reply.ok()) {
      throw PdnsApi.failure("start a transfer of " + zone, reply);
    }
  }
}
