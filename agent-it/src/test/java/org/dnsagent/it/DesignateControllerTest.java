// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Designate's own controller code drives our agent: CREATE and DELETE through {@code
 * designate.backend.agent.AgentPoolBackend}, NOTIFY through {@code designate.dnsutils.notify}, run
 * by {@code designate_controller.py} with Debian's Designate 15 and dnspython 2.3 (opcode enum
 * widened as Designate 16 does). With {@code CI=true} a missing Designate fails the test.
 */
class DesignateControllerTest {
  private static final Duration REPLY = Duration.ofSeconds(30);
  private static final Name ZONE = TestZones.name("designate.test.");

  @TempDir Path dir;

  @Test
  void designatesWorkerCreatesNotifiesAndDeletesOverUdpAndTcp() throws Exception {
    PythonProcess.requirePythonAndDesignate();
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      long serial = 1;
      f.publish(ZONE, serial, 3);
      for (String transport : List.of("udp", "tcp")) {
        try (PythonProcess designate = controller(transport)) {
          Map<String, String> created = designate.call(command("create", ZONE, f.agentPort), REPLY);
          assertEquals("true", created.get("ok"), transport + " create: " + created);
          assertEquals(Optional.of(serial), soa(f), "the zone is there");

          long next = ++serial;
          f.publish(ZONE, next, 4);
          Map<String, String> notified =
              designate.call(command("notify", ZONE, f.agentPort), REPLY);
          assertEquals("NOERROR", notified.get("rcode"), transport + " notify: " + notified);
          assertEquals("true", notified.get("aa"));
          assertEquals("4", notified.get("opcode"));
          AgentFixture.await(
              "serial " + next, Duration.ofSeconds(10), () -> soa(f).orElse(-1L) == next);

          Map<String, String> deleted = designate.call(command("delete", ZONE, f.agentPort), REPLY);
          assertEquals("true", deleted.get("ok"), transport + " delete: " + deleted);
          assertFalse(Files.exists(f.zoneFile(ZONE)), "the zone is gone");
        }
      }
      try (PythonProcess designate = controller("udp")) {
        Name absent = TestZones.name("absent.designate.test.");
        Map<String, String> failed = designate.call(command("create", absent, f.agentPort), REPLY);
        assertEquals("false", failed.get("ok"), "SERVFAIL is a failure to Designate: " + failed);
        Map<String, String> again = designate.call(command("delete", absent, f.agentPort), REPLY);
        assertEquals("true", again.get("ok"), "deleting an absent zone succeeds: " + again);
        Map<String, String> unknown = designate.call(command("notify", absent, f.agentPort), REPLY);
        assertEquals("REFUSED", unknown.get("rcode"), unknown.toString());
      }
    }
  }

  @Test
  void dnspythonSignedRequestsAreVerifiedAndItVerifiesOurReplies() throws Exception {
    PythonProcess.requirePythonAndDesignate();
    TsigKeySpec ctl = TsigTest.CTL;
    try (KeyedAgents agents = KeyedAgents.start(dir, m -> {});
        PythonProcess designate = controller("udp")) {
      agents.publish(ZONE, 5, 2);
      agents.startAgent("a", Optional.empty(), "tsig_keys = " + ctl.name(), List.of(ctl));
      int port = agents.address("a").getPort();

      Map<String, String> unsigned = designate.call(command("create", ZONE, port), REPLY);
      assertEquals("false", unsigned.get("ok"), "unsigned while TSIG is required: " + unsigned);

      Map<String, String> created = designate.call(signed("create", port, ctl), REPLY);
      assertEquals("true", created.get("ok"), created.toString());
      assertEquals("true", created.get("signed"), "dnspython verified our signed reply");
      assertEquals(5, agents.serial("a", ZONE));
      Map<String, String> notified = designate.call(signed("notify", port, ctl), REPLY);
      assertEquals("NOERROR", notified.get("rcode"), notified.toString());
      assertEquals("true", notified.get("signed"));
      Map<String, String> deleted = designate.call(signed("delete", port, ctl), REPLY);
      assertEquals("true", deleted.get("ok"), deleted.toString());
      assertFalse(Files.exists(agents.zoneFile("a", ZONE)));

      Map<String, String> badSig =
          designate.call(signed("create", port, TsigTest.WRONG_SECRET), REPLY);
      assertEquals(
          "PeerBadSignature", badSig.get("error"), "dnspython reads our BADSIG: " + badSig);
      Map<String, String> badKey = designate.call(signed("create", port, TsigTest.STRANGER), REPLY);
      assertEquals("PeerBadKey", badKey.get("error"), "dnspython reads our BADKEY: " + badKey);
      assertFalse(Files.exists(agents.zoneFile("a", ZONE)));
    }
  }

  private PythonProcess controller(String transport) throws Exception {
    PythonProcess p =
        PythonProcess.start("designate_controller.py", List.of("10", transport), Map.of(), dir);
    Map<String, String> ready = PythonProcess.fields(p.readLine(Duration.ofSeconds(60)));
    assertEquals("true", ready.get("ready"), ready.toString());
    assertTrue(ready.containsKey("designate"), ready.toString());
    return p;
  }

  private static Optional<Long> soa(AgentFixture f) {
    try {
      return f.agentSoa(ZONE).map(s -> s.getSerial());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static String command(String op, Name zone, int port) {
    return "{\"op\": \"%s\", \"zone\": \"%s\", \"host\": \"127.0.0.1\", \"port\": %d}"
        .formatted(op, zone, port);
  }

  private static String signed(String op, int port, TsigKeySpec key) {
    return ("{\"op\": \"%s\", \"zone\": \"%s\", \"host\": \"127.0.0.1\", \"port\": %d,"
            + " \"tsig\": {\"name\": \"%s\", \"algorithm\": \"%s\", \"secret\": \"%s\"}}")
        .formatted(op, ZONE, port, key.name(), key.algorithm(), key.secret());
  }
}
