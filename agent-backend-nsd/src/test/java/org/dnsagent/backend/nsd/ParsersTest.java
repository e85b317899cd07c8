// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** NSD's text answers and nsd.conf, read as NSD 4.6.1 writes them (captured from a real nsd). */
class ParsersTest {
  @Test
  void bulkAnswersAreSplitPerZone() {
    BulkAnswer adds =
        BulkAnswer.parse(
            ControlReply.of(
                "added: a.test\nerror pattern nopattern does not exist\n"
                    + "error for input line 'b.test'\nzone c.test already exists\nadded: c.test\n"
                    + "added 2 zones\n"));
    assertTrue(adds.outcome("a.test").orElseThrow().done());
    assertFalse(adds.outcome("b.test").orElseThrow().done());
    assertTrue(adds.outcome("b.test").orElseThrow().mentions("does not exist"));
    assertTrue(adds.outcome("c.test").orElseThrow().mentions("already exists"));
    assertEquals(Optional.empty(), adds.outcome("d.test"), "answer ended before it");

    BulkAnswer deletes =
        BulkAnswer.parse(
            ControlReply.of(
                "removed: a.test\nwarning zone c.test not present\n"
                    + "error for input line 'c.test'\ndeleted 1 zones\n"));
    assertTrue(deletes.outcome("a.test").orElseThrow().done());
    assertTrue(deletes.outcome("c.test").orElseThrow().mentions("not present"));
  }

  @Test
  void zonestatusGivesPatternStateAndServedSerial() {
    List<ZoneStatus> zones =
        ZoneStatus.parseAll(
            ControlReply.of(
                "zone:\tconf.example\n\tstate: master\n"
                    + "zone:\ta.test\n\tpattern: dns-agent\n\tstate: master\n"
                    + "zone:\tb.test\n\tpattern: dns-agent-1\n\tstate: ok\n"
                    + "\tserved-serial: \"2024010101 since 2026-12-01T02:18:28\"\n"
                    + "\tcommit-serial: \"2024010101 since 2026-12-01T02:18:28\"\n"
                    + "zone:\tc.test\n\tpattern: dns-agent-1\n\tstate: refreshing\n"
                    + "\tserved-serial: none\n"));
    assertEquals(4, zones.size());
    assertTrue(zones.get(0).fromConfigFile());
    assertEquals(Optional.of("dns-agent"), zones.get(1).pattern());
    assertEquals(OptionalLong.of(2024010101L), zones.get(2).servedSerial());
    assertEquals(OptionalLong.empty(), zones.get(3).servedSerial());
    assertEquals("refreshing", zones.get(3).state());
  }

  @Test
  void nsdConfIsReadInAnyLayout() {
    NsdConfFile conf =
        NsdConfFile.parse(
            "server:\n  zonelistfile: \"\"  # off\n"
                + "pattern: name: \"secondary\" zonefile: \"%s.zone\" request-xfr: AXFR"
                + " 127.0.0.1@5354 NOKEY\n"
                + "pattern:\n\tname: dns-agent\n\tzonefile: /var/lib/dns-agent/zones/%s.zone\n"
                + "key:\n  name: \"k1\"\n  secret: \"abc=\"\n"
                + "zone:\n  name: \"Example.ORG.\"\n"
                + "include: \"/etc/nsd/dns-agent-patterns.conf\"\n");
    assertEquals(Optional.of(""), conf.zonelistfile);
    assertEquals("%s.zone", conf.patternZonefiles.get("secondary"));
    assertEquals("/var/lib/dns-agent/zones/%s.zone", conf.patternZonefiles.get("dns-agent"));
    assertTrue(conf.keys.contains("k1"));
    assertTrue(conf.zones.contains("example.org"));
    assertEquals(List.of(Path.of("/etc/nsd/dns-agent-patterns.conf")), conf.includes);
  }

  @Test
  void controlWordsNeverCarryWhiteSpaceOrNothing() {
    assertThrows(IllegalArgumentException.class, () -> ControlWords.check(""));
    assertThrows(IllegalArgumentException.class, () -> ControlWords.check("a b"));
    assertThrows(IllegalArgumentException.class, () -> ControlWords.check("a\nstop"));
    assertEquals("a.test", ControlWords.check("a.test"));
  }

  @Test
  void errorIsTheFirstLineAndOkTheLast() {
    assertTrue(ControlReply.of("error zone x not configured\n").isError());
    assertTrue(ControlReply.of("ok\n").isOk());
    assertFalse(ControlReply.of("warning zone x not present\n").isOk());
    assertFalse(ControlReply.of("warning zone x not present\n").isError());
  }
}
