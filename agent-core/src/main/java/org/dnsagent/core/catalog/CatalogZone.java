// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A catalog zone (RFC 9432, version 2) as the agent reads it: the {@code version} property and,
 * under {@code zones.}, one entry per unique id with its member zone (PTR), its {@code coo} and its
 * {@code group} properties. Kept per entry so that an IXFR touches only the entries it changes: a
 * member added to a catalog of 100,000 costs one entry's work, not a diff of the whole catalog.
 *
 * <p>Not thread-safe: one {@link CatalogFollower} owns it.
 */
final class CatalogZone {
  /** The only catalog schema version this agent understands. */
  static final String VERSION = "2";

  private final Name origin;
  private final Name zonesApex;
  private final Name versionName;
  private SOARecord soa;
  private final Set<String> versions = new HashSet<>();
  private final Map<Name, Entry> entries = new HashMap<>();

  /** Member zone → the ids listing it; more than one is an error the catalog producer made. */
  private final Map<Name, TreeSet<Name>> idsByZone = new HashMap<>();

  /** What one unique id holds. */
  private static final class Entry {
    final Set<Name> ptrs = new LinkedHashSet<>();
    final Set<Name> coo = new LinkedHashSet<>();
    final Set<String> groups = new TreeSet<>();

    boolean isEmpty() {
      return ptrs.isEmpty() && coo.isEmpty() && groups.isEmpty();
    }

    /** The member zone, when the entry has exactly one PTR (RFC 9432 §4.3: otherwise broken). */
    Optional<Name> zone() {
      return ptrs.size() == 1 ? Optional.of(ptrs.iterator().next()) : Optional.empty();
    }
  }

  private CatalogZone(Name origin) {
    this.origin = requireNonNull(origin, "origin is null");
    try {
      this.zonesApex = Name.concatenate(Name.fromConstantString("zones"), origin);
      this.versionName = Name.concatenate(Name.fromConstantString("version"), origin);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException("catalog name too long: " + origin, e);
    }
  }

  /** Reads a whole catalog (from AXFR). */
  static CatalogZone read(Name origin, RecordReader records) throws IOException {
    CatalogZone zone = new CatalogZone(origin);
    for (Record r = records.next(); r != null; r = records.next()) {
      zone.add(r);
    }
    return zone;
  }

  /** Reads a whole catalog from a list (tests). */
  static CatalogZone read(Name origin, List<Record> records) {
    CatalogZone zone = new CatalogZone(origin);
    records.forEach(zone::add);
    return zone;
  }

  Name origin() {
    return origin;
  }

  /** The catalog's SOA, once read. */
  Optional<SOARecord> soa() {
    return Optional.ofNullable(soa);
  }

  /** Empty when the catalog is usable; otherwise why it must not be followed. */
  Optional<String> problem() {
    if (soa == null) {
      return Optional.of("no SOA at the apex");
    }
    if (versions.isEmpty()) {
      return Optional.of("no version property (version." + origin + " TXT \"2\")");
    }
    if (versions.size() > 1) {
      return Optional.of("several version properties " + versions);
    }
    if (!versions.contains(VERSION)) {
      return Optional.of(
          "unsupported catalog version " + versions.iterator().next() + " (this agent reads 2)");
    }
    return Optional.empty();
  }

  /**
   * Applies an IXFR's net change, entry by entry.
   *
   * @return the member zones whose entry changed (added, removed, moved to another id, or with
   *     changed properties)
   */
  Set<Name> apply(ZoneChanges changes) {
    Set<Name> touchedIds = new HashSet<>();
    Set<Name> affected = new HashSet<>();
    for (Record r : changes.deletions()) {
      idOf(r.getName()).ifPresent(touchedIds::add);
    }
    for (Record r : changes.additions()) {
      idOf(r.getName()).ifPresent(touchedIds::add);
    }
    for (Name id : touchedIds) {
      Entry e = entries.get(id);
      if (e != null) {
        affected.addAll(e.ptrs);
      }
    }
    for (Record r : changes.deletions()) {
      remove(r);
    }
    for (Record r : changes.additions()) {
      add(r);
    }
    soa = changes.toSoa();
    for (Name id : touchedIds) {
      Entry e = entries.get(id);
      if (e != null) {
        affected.addAll(e.ptrs);
      }
    }
    return affected;
  }

  /** Reverts {@link #apply}: for an incremental change that left the catalog unusable. */
  void revert(ZoneChanges changes) {
    for (Record r : changes.additions()) {
      remove(r);
    }
    for (Record r : changes.deletions()) {
      add(r);
    }
    soa = changes.fromSoa();
  }

  /** Every member zone with its entry. */
  Map<Name, Member> members() {
    Map<Name, Member> members = new HashMap<>();
    for (Name zone : idsByZone.keySet()) {
      member(zone).ifPresent(m -> members.put(zone, m));
    }
    return members;
  }

  /** The member entry for a zone, if the catalog lists it validly. */
  Optional<Member> member(Name zone) {
    TreeSet<Name> ids = idsByZone.get(zone);
    if (ids == null) {
      return Optional.empty();
    }
    // Listed under several ids (a producer's error): the first id in DNSSEC order wins, the same
    // choice on every run, so the member is not re-created back and forth.
    for (Name id : ids) {
      Entry e = entries.get(id);
      if (e != null && e.zone().isPresent() && e.zone().get().equals(zone)) {
        return Optional.of(
            new Member(
                zone,
                id.getLabelString(0),
                List.copyOf(e.groups),
                e.coo.size() == 1 ? Optional.of(e.coo.iterator().next()) : Optional.empty()));
      }
    }
    return Optional.empty();
  }

  /** Number of member zones. */
  int size() {
    return idsByZone.size();
  }

  /** Zones listed that cannot be members: names the agent refuses, or broken entries. */
  List<String> ignored() {
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<Name, Entry> e : entries.entrySet()) {
      if (e.getValue().ptrs.size() > 1) {
        ignored.add(e.getKey() + ": " + e.getValue().ptrs.size() + " PTR records (one allowed)");
      }
    }
    return ignored;
  }

  private void add(Record r) {
    Name name = r.getName();
    if (r.getType() == Type.SOA && name.equals(origin)) {
      soa = (SOARecord) r;
      return;
    }
    if (name.equals(versionName) && r instanceof TXTRecord txt) {
      versions.add(String.join("", txt.getStrings()));
      return;
    }
    Optional<Name> id = idOf(name);
    if (id.isEmpty()) {
      return; // other records (NS, extensions) mean nothing to a consumer
    }
    Entry e = entries.computeIfAbsent(id.get(), k -> new Entry());
    if (name.equals(id.get()) && r instanceof PTRRecord ptr) {
      Name zone = ptr.getTarget().canonicalize();
      if (ZoneNames.problem(zone).isEmpty()) {
        Optional<Name> before = e.zone();
        e.ptrs.add(zone);
        reindex(id.get(), before, e.zone());
      }
    } else if (isProperty(name, id.get(), "coo") && r instanceof PTRRecord ptr) {
      e.coo.add(ptr.getTarget().canonicalize());
    } else if (isProperty(name, id.get(), "group") && r instanceof TXTRecord txt) {
      e.groups.add(String.join("", txt.getStrings()));
    }
  }

  private void remove(Record r) {
    Name name = r.getName();
    if (name.equals(versionName) && r instanceof TXTRecord txt) {
      versions.remove(String.join("", txt.getStrings()));
      return;
    }
    Optional<Name> id = idOf(name);
    if (id.isEmpty()) {
      return;
    }
    Entry e = entries.get(id.get());
    if (e == null) {
      return;
    }
    if (name.equals(id.get()) && r instanceof PTRRecord ptr) {
      Optional<Name> before = e.zone();
      Name zone = ptr.getTarget().canonicalize();
      e.ptrs.remove(zone);
      reindex(id.get(), before, e.zone());
    } else if (isProperty(name, id.get(), "coo") && r instanceof PTRRecord ptr) {
      e.coo.remove(ptr.getTarget().canonicalize());
    } else if (isProperty(name, id.get(), "group") && r instanceof TXTRecord txt) {
      e.groups.remove(String.join("", txt.getStrings()));
    }
    if (e.isEmpty()) {
      entries.remove(id.get());
    }
  }

  /** Keeps {@link #idsByZone} in step when an entry's member changes (or turns broken). */
  private void reindex(Name id, Optional<Name> before, Optional<Name> after) {
    before.ifPresent(z -> unindex(id, z));
    after.ifPresent(z -> idsByZone.computeIfAbsent(z, k -> new TreeSet<>()).add(id));
    // An entry with two PTRs lists neither: drop both from the index.
    Entry e = entries.get(id);
    if (e != null && e.ptrs.size() > 1) {
      for (Name z : e.ptrs) {
        unindex(id, z);
      }
    }
  }

  private void unindex(Name id, Name zone) {
    TreeSet<Name> ids = idsByZone.get(zone);
    if (ids != null) {
      ids.remove(id);
      if (ids.isEmpty()) {
        idsByZone.remove(zone);
      }
    }
  }

  /** The entry's name ({@code <id>.zones.<catalog>}) for a name at or below it. */
  private Optional<Name> idOf(Name name) {
    int depth = name.labels() - zonesApex.labels();
    if (depth < 1 || depth > 2 || !name.subdomain(zonesApex)) {
      return Optional.empty();
    }
    if (depth == 1) {
      return Optional.of(name.canonicalize());
    }
    return Optional.of(new Name(name, 1).canonicalize());
  }

  private static boolean isProperty(Name name, Name id, String property) {
    return name.labels() == id.labels() + 1
        && name.getLabelString(0).equalsIgnoreCase(property)
        && new Name(name, 1).equals(id);
  }
}
