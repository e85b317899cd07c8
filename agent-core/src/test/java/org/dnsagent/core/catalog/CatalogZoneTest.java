// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.ZoneChanges;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

class CatalogZoneTest {
  static final Name CATZ = name("catz.example.");

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static SOARecord soa(long serial) {
    return new SOARecord(
        CATZ, DClass.IN, 0, name("invalid."), name("invalid."), serial, 60, 10, 600, 0);
  }

  static Record version(String v) {
    return new TXTRecord(name("version.catz.example."), DClass.IN, 0, v);
  }

  static Record member(String id, String zone) {
    return new PTRRecord(name(id + ".zones.catz.example."), DClass.IN, 0, name(zone));
  }

  static Record group(String id, String group) {
    return new TXTRecord(name("group." + id + ".zones.catz.example."), DClass.IN, 0, group);
  }

  static Record coo(String id, String catalog) {
    return new PTRRecord(name("coo." + id + ".zones.catz.example."), DClass.IN, 0, name(catalog));
  }

  static CatalogZone catalog(Record... records) {
    List<Record> all = new ArrayList<>();
    all.add(soa(1));
    all.add(new NSRecord(CATZ, DClass.IN, 0, name("invalid.")));
    all.addAll(List.of(records));
    return CatalogZone.read(CATZ, all);
  }

  @Test
  void readsMembersWithTheirGroupsAndCoo() {
    CatalogZone c =
        catalog(
            version("2"),
            member("a1", "one.example."),
            member("b2", "Two.Example."),
            group("b2", "internal"),
            coo("a1", "other.example."));
    assertEquals(Optional.empty(), c.problem());
    assertEquals(Set.of(name("one.example."), name("two.example.")), c.members().keySet());
    Member two = c.member(name("two.example.")).orElseThrow();
    assertEquals("b2", two.id());
    assertEquals(List.of("internal"), two.groups());
    assertEquals(Optional.of(name("other.example.")), c.member(name("one.example.")).get().coo());
  }

  @Test
  void aCatalogWithoutVersionOrWithAnotherVersionIsRefused() {
    assertTrue(catalog(member("a", "one.example.")).problem().orElseThrow().contains("version"));
    assertTrue(
        catalog(version("1"), member("a", "one.example."))
            .problem()
            .orElseThrow()
            .contains("unsupported catalog version 1"));
    assertTrue(
        catalog(version("2"), version("3")).problem().orElseThrow().contains("several version"));
  }

  @Test
  void anEntryWithTwoPtrsIsBrokenAndListsNothing() {
    CatalogZone c = catalog(version("2"), member("a", "one.example."), member("a", "two.example."));
    assertEquals(Set.of(), c.members().keySet());
    assertEquals(1, c.ignored().size());
  }

  @Test
  void aZoneListedTwiceIsMemberOnceUnderTheFirstIdInCanonicalOrder() {
    CatalogZone c =
        catalog(version("2"), member("zz", "one.example."), member("aa", "one.example."));
    assertEquals("aa", c.member(name("one.example.")).orElseThrow().id());
  }

  @Test
  void namesTheAgentRefusesAreNotMembers() {
    CatalogZone c =
        catalog(
            version("2"),
            member("a", "ok.example."),
            new PTRRecord(
                name("b.zones.catz.example."),
                DClass.IN,
                0,
                Name.fromConstantString("bad\\/slash.example.")));
    assertEquals(Set.of(name("ok.example.")), c.members().keySet());
  }

  @Test
  void incrementalChangesTouchOnlyTheirEntriesAndCanBeReverted() {
    CatalogZone c = catalog(version("2"), member("a", "one.example."), member("b", "two.example."));
    ZoneChanges changes =
        new ZoneChanges(
            CATZ,
            soa(1),
            soa(2),
            List.of(member("b", "two.example.")),
            List.of(member("c", "three.example."), member("d", "two.example.")));
    Set<Name> affected = c.apply(changes);
    assertEquals(
        Set.of(name("two.example."), name("three.example.")), affected, "one.example. untouched");
    assertEquals("d", c.member(name("two.example.")).orElseThrow().id());
    assertEquals(2L, c.soa().orElseThrow().getSerial());

    c.revert(changes);
    assertEquals("b", c.member(name("two.example.")).orElseThrow().id());
    assertFalse(c.member(name("three.example.")).isPresent());
    assertEquals(1L, c.soa().orElseThrow().getSerial());
  }

  @Test
  void removingTheVersionByIxfrMakesTheCatalogUnusable() {
    CatalogZone c = catalog(version("2"), member("a", "one.example."));
    ZoneChanges changes = new ZoneChanges(CATZ, soa(1), soa(2), List.of(version("2")), List.of());
    c.apply(changes);
    assertTrue(c.problem().isPresent());
    c.revert(changes);
    assertEquals(Optional.empty(), c.problem());
  }
}
