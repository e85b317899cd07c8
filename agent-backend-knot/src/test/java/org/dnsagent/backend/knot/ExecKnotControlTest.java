// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** knotc's argument lists and printed answers, read back into control units. */
class ExecKnotControlTest {

  @Test
  void optionsComeBeforeTheCommandAndZonesAfterIt() {
    CtlRequest purge =
        CtlRequest.zones(
            "zone-purge", CtlRequest.FORCE + CtlRequest.BLOCKING, List.of("-oops.example."));
    assertEquals(
        List.of(List.of("-f", "-b", "zone-purge", "-oops.example.")),
        ExecKnotControl.argumentLists(purge));
  }

  @Test
  void confSetTakesOneKeyPerKnotcWithAllItsValues() {
    CtlUnit zone = CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, "a.example.");
    CtlRequest set =
        CtlRequest.conf(
            "conf-set",
            List.of(
                zone,
                zone.with(CtlItem.ITEM, "master").with(CtlItem.DATA, "m1"),
                zone.with(CtlItem.ITEM, "master").with(CtlItem.DATA, "m2")));
    assertEquals(
        List.of(
            List.of("conf-set", "zone[a.example.]"),
            List.of("conf-set", "zone[a.example.].master", "m1", "m2")),
        ExecKnotControl.argumentLists(set));
  }

  @Test
  void zoneStatusLinesBecomeOneUnitPerField() {
    CtlReply reply =
        ExecKnotControl.parse(
            "zone-status",
            "[a.example.] role: master | serial: 5\n[b.example.] role: slave | serial: -\n");
    assertEquals(4, reply.units().size());
    assertEquals(Optional.of("a.example."), reply.units().get(1).get(CtlItem.ZONE));
    assertEquals(Optional.of("serial"), reply.units().get(1).get(CtlItem.TYPE));
    assertEquals(Optional.of("5"), reply.units().get(1).get(CtlItem.DATA));
    assertTrue(reply.ok());
  }

  @Test
  void errorsAreReadWithTheirZoneOrKey() {
    CtlReply zone = ExecKnotControl.parse("zone-status", "error: [nope.] (no such zone found)\n");
    assertEquals(Optional.of("nope."), zone.units().get(0).get(CtlItem.ZONE));
    assertTrue(zone.notFound());
    CtlReply conf =
        ExecKnotControl.parse("conf-read", "error: (invalid identifier) zone[x.example.]\n");
    assertEquals(Optional.of("x.example."), conf.units().get(0).get(CtlItem.ID));
    assertTrue(conf.notFound());
  }

  @Test
  void confReadValuesAreOneUnitEach() {
    CtlReply reply =
        ExecKnotControl.parse(
            "conf-read", "zone[a.example.].file = /z/a.zone\nzone[a.example.].master = m1 m2\n");
    assertEquals(3, reply.units().size());
    assertEquals(Optional.of("file"), reply.units().get(0).get(CtlItem.ITEM));
    assertEquals(Optional.of("/z/a.zone"), reply.units().get(0).get(CtlItem.DATA));
    assertEquals(Optional.of("m2"), reply.units().get(2).get(CtlItem.DATA));
  }
}
