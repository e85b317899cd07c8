// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * API mode, {@code zone_mode = primary}: Native zones created with their rrsets; updates PATCH only
 * the rrsets that differ, the SOA last.
 */
final class ApiPrimaryBackend extends ApiBackend implements IncrementalUpdates {

  /** One rrset: owner (absolute, lower case), type, TTL and the data in presentation format. */
  record RRset(String name, String type, long ttl, Set<String> contents) {
    String key() {
      return name + " " + type;
    }
  }

  ApiPrimaryBackend(PdnsConfig config, PdnsApi api) {
    super(config, api);
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    SqlBackend.checkName(zone.name());
    Optional<JsonNode> found =
        api.zone(zone.name(), true, PdnsApi.allowanceFor(zone.recordCount()));
    if (found.isEmpty()) {
      Map<String, RRset> rrsets = rrsets(zone);
      ObjectNode body = PdnsApi.JSON.createObjectNode();
      body.put("name", PdnsApi.zoneId(zone.name()));
      body.put("kind", "Native");
      body.put("account", config.account());
      body.put("soa_edit_api", "");
      body.putArray("nameservers");
      ArrayNode list = body.putArray("rrsets");
      for (RRset r : ordered(rrsets.values())) {
        list.add(json(r, "REPLACE", false));
      }
      PdnsApi.Reply reply =
          api.send("POST", "/zones", body, PdnsApi.allowanceFor(zone.recordCount()));
      if (reply.ok()) {
        api.flush(zone.name());
        return;
      }
      if (reply.status() != 409) {
        throw PdnsApi.failure("create zone " + zone.name(), reply);
      }
      found =
          api.zone(
              zone.name(),
              true,
              PdnsApi.allowanceFor(
                  zone.recordCount())); // created meanwhile: update it if it is ours
      if (found.isEmpty()) {
        throw PdnsApi.failure("create zone " + zone.name(), reply);
      }
    }
    update(zone, found.get());
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    SqlBackend.checkName(zone.name());
    Optional<JsonNode> found =
        api.zone(zone.name(), true, PdnsApi.allowanceFor(zone.recordCount()));
    if (found.isEmpty()) {
      createZone(zone);
      return;
    }
    update(zone, found.get());
  }

  private void update(ZoneContent zone, JsonNode found) throws BackendException {
    requireOurs(zone.name(), found, "Native", "not touching it");
    Map<String, RRset> existing = rrsets(found);
    Map<String, RRset> wanted = rrsets(zone);
    List<ObjectNode> patch = new ArrayList<>();
    for (RRset r : ordered(wanted.values())) {
      RRset old = existing.get(r.key());
      if (old == null || old.ttl() != r.ttl() || !old.contents().equals(r.contents())) {
        patch.add(json(r, "REPLACE", true));
      }
    }
    for (RRset old : existing.values()) {
      if (!wanted.containsKey(old.key())) {
        patch.add(patch.isEmpty() ? 0 : patch.size(), json(old, "DELETE", true));
      }
    }
    patch(zone.name(), patch, zone.recordCount());
  }

  @Override
  public void applyChanges(ZoneChanges changes) throws BackendException {
    SqlBackend.checkName(changes.name());
    JsonNode found =
        api.zone(changes.name(), true)
            .orElseThrow(
                () ->
                    new BackendException(
                        Kind.REJECTED, "zone " + changes.name() + " is not in PowerDNS"));
    requireOurs(changes.name(), found, "Native", "not touching it");
    Map<String, RRset> existing = rrsets(found);
    RRset soa = existing.get(PdnsApi.zoneId(changes.name()) + " SOA");
    long serial =
        soa == null || soa.contents().isEmpty()
            ? -1
            : RecordRow.serialOf(soa.contents().iterator().next());
    if (serial != changes.fromSerial()) {
      throw new BackendException(
          Kind.REJECTED,
          "zone " + changes.name() + " is at serial " + serial + ", not " + changes.fromSerial());
    }
    Map<String, RRset> touched = new LinkedHashMap<>();
    for (Record r : changes.deletions()) {
      RRset set = touched.computeIfAbsent(key(r), k -> copy(existing.get(k), r));
      set.contents().remove(r.rdataToString());
    }
    for (Record r : changes.additions()) {
      RRset set = touched.computeIfAbsent(key(r), k -> copy(existing.get(k), r));
      set = new RRset(set.name(), set.type(), r.getTTL(), set.contents());
      set.contents().add(r.rdataToString());
      touched.put(key(r), set);
    }
    List<ObjectNode> patch = new ArrayList<>();
    for (RRset r : touched.values()) {
      patch.add(r.contents().isEmpty() ? json(r, "DELETE", true) : json(r, "REPLACE", true));
    }
    patch.add(json(rrset(List.of(changes.toSoa())), "REPLACE", true));
    patch(changes.name(), patch, changes.additions().size() + changes.deletions().size());
  }

  private void patch(Name zone, List<ObjectNode> rrsets, long records) throws BackendException {
    if (rrsets.isEmpty()) {
      return;
    }
    ObjectNode body = PdnsApi.JSON.createObjectNode();
    ArrayNode list = body.putArray("rrsets");
    list.addAll(rrsets);
    PdnsApi.Reply reply =
        api.send("PATCH", "/zones/" + PdnsApi.zoneId(zone), body, PdnsApi.allowanceFor(records));
    if (!reply.ok()) {
      throw PdnsApi.failure("update zone " + zone, reply);
    }
  }

  private static String key(Record r) {
    return PdnsApi.zoneId(r.getName()) + " " + Type.string(r.getType());
  }

  private static RRset copy(RRset old, Record r) {
    return old == null
        ? new RRset(
            PdnsApi.zoneId(r.getName()),
            Type.string(r.getType()),
            r.getTTL(),
            new LinkedHashSet<>())
        : new RRset(old.name(), old.type(), old.ttl(), new LinkedHashSet<>(old.contents()));
  }

  private static RRset rrset(List<Record> records) {
    Record first = records.get(0);
    Set<String> contents = new LinkedHashSet<>();
    for (Record r : records) {
      contents.add(r.rdataToString());
    }
    return new RRset(
        PdnsApi.zoneId(first.getName()), Type.string(first.getType()), first.getTTL(), contents);
  }

  /** The SOA rrset last, so that it changes after everything else in the same request. */
  private static List<RRset> ordered(Iterable<RRset> sets) {
    List<RRset> list = new ArrayList<>();
    RRset soa = null;
    for (RRset r : sets) {
      if (r.type().equals("SOA")) {
        soa = r;
      } else {
        list.add(r);
      }
    }
    if (soa != null) {
      list.add(soa);
    }
    return list;
  }

  private static ObjectNode json(RRset r, String changetype, boolean withChangetype) {
    ObjectNode o = PdnsApi.JSON.createObjectNode();
    o.put("name", r.name());
    o.put("type", r.type());
    o.put("ttl", r.ttl());
    if (withChangetype) {
      o.put("changetype", changetype);
    }
    ArrayNode records = o.putArray("records");
    if (!changetype.equals("DELETE")) {
      for (String c : r.contents()) {
        records.addObject().put("content", c).put("disabled", false);
      }
    }
    return o;
  }

  private static Map<String, RRset> rrsets(ZoneContent zone) throws BackendException {
    Map<String, RRset> sets = new LinkedHashMap<>();
    try (RecordReader reader = zone.openRecords()) {
      for (Record r = reader.next(); r != null; r = reader.next()) {
        Record record = r;
        RRset set = sets.computeIfAbsent(key(record), k -> copy(null, record));
        set.contents().add(record.rdataToString());
      }
    } catch (IOException e) {
      throw new BackendException(
          Kind.INTERNAL, "cannot read the transferred zone " + zone.name() + ": " + e, e);
    }
    return sets;
  }

  /** The zone's rrsets as the API returns them, data normalised through dnsjava to compare. */
  private static Map<String, RRset> rrsets(JsonNode zone) {
    Map<String, RRset> sets = new LinkedHashMap<>();
    for (JsonNode rrset : zone.path("rrsets")) {
      String name = rrset.path("name").asText().toLowerCase(java.util.Locale.ROOT);
      String type = rrset.path("type").asText();
      long ttl = rrset.path("ttl").asLong();
      Set<String> contents = new LinkedHashSet<>();
      for (JsonNode record : rrset.path("records")) {
        contents.add(normalise(name, type, ttl, record.path("content").asText()));
      }
      RRset set = new RRset(name, type, ttl, contents);
      sets.put(set.key(), set);
    }
    return sets;
  }

  private static String normalise(String name, String type, long ttl, String content) {
    try {
      int t = Type.value(type);
      if (t < 0) {
        return content;
      }
      return Record.fromString(Name.fromString(name), t, DClass.IN, ttl, content, Name.root)
          .rdataToString();
    } catch (IOException | RuntimeException e) {
      return content;
    }
  }
}
