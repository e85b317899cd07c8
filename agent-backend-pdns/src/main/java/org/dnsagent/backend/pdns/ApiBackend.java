// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.ServedSoaProbe;
import org.dnsagent.spi.ZoneInventory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What both zone modes share in API mode: ownership by the zone's {@code account}, deletes, the
 * served SOA and the inventory ({@code GET /zones}, one call). pdns_server updates its own caches
 * for changes made through its API.
 */
abstract class ApiBackend implements Backend, ZoneInventory {
  final PdnsConfig config;
  final PdnsApi api;
  private final ServedSoaProbe probe;

  ApiBackend(PdnsConfig config, PdnsApi api) {
    this.config = requireNonNull(config, "config is null");
    this.api = requireNonNull(api, "api is null");
    this.probe = new ServedSoaProbe(config.queryDestination(), config.timeout(), Optional.empty());
  }

  @Override
  public void start() throws BackendException {
    PdnsApi.Reply reply = api.get("");
    if (!reply.ok()) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "PowerDNS API: server_id '" + config.serverId() + "' answered " + reply.error());
    }
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    SqlBackend.checkName(zone);
    Optional<JsonNode> found = api.zone(zone, false);
    if (found.isEmpty() || !isOurs(found.get())) {
      return Optional.empty();
    }
    return probe.find(zone);
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    SqlBackend.checkName(zone);
    Optional<JsonNode> found = api.zone(zone, false);
    if (found.isEmpty()) {
      return;
    }
    requireOurs(zone, found.get(), null, "not deleting it");
    PdnsApi.Reply reply = api.send("DELETE", "/zones/" + PdnsApi.zoneId(zone), null);
    if (!reply.ok() && reply.status() != 404) {
      throw PdnsApi.failure("delete zone " + zone, reply);
    }
    api.flush(zone);
  }

  @Override
  public Inventory inventory() throws BackendException {
    PdnsApi.Reply reply = api.get("/zones");
    if (!reply.ok() || reply.body() == null || !reply.body().isArray()) {
      throw new BackendException(
          Kind.UNAVAILABLE, "PowerDNS API: cannot list zones: " + reply.error());
    }
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    for (JsonNode z : reply.body()) {
      Name name;
      try {
        name = Name.fromString(z.path("name").asText(), Name.root);
      } catch (TextParseException e) {
        continue;
      }
      if (!isOurs(z)) {
        unmanaged.add(name);
      } else if (z.path("serial").asLong(0) != 0 || !"Slave".equals(z.path("kind").asText())) {
        served.put(name, z.path("serial").asLong(0));
      }
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      PdnsApi.Reply reply = api.get("");
      return reply.ok() ? BackendHealth.ok() : BackendHealth.failing(reply.error());
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  boolean isOurs(JsonNode zone) {
    return config.account().equals(zone.path("account").asText(""));
  }

  /** Refuses zones the agent did not create, or of another kind than {@code kind} (if given). */
  void requireOurs(Name zone, JsonNode found, String kind, String what) throws BackendException {
    if (!isOurs(found)) {
      String account = found.path("account").asText("");
      throw new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + " is in PowerDNS but was not created by the agent (account "
              + (account.isEmpty() ? "empty" : "'" + account + "'")
              + ", not '"
              + config.account()
              + "'): "
              + what);
    }
    if (kind != null && !kind.equals(found.path("kind").asText())) {
      throw new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + " is a "
              + found.path("kind").asText()
              + " zone of the agent's, not "
              + kind
              + " (zone_mode changed?): delete it first");
    }
  }

  /** {@link SecondaryWait#awaitServed}, with this backend's probe and timeout. */
  void awaitServed(Name zone, long serial, SecondaryWait.Retrieve retrieve)
      throws BackendException {
    SecondaryWait.awaitServed(probe, config.timeout(), zone, serial, retrieve);
  }
}
