// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.admin.Json;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * What an operator runs: the audit log (one INFO line per applied change, saying who asked), {@code
 * dns-agent reconcile} and a sweep's progress in {@code status} (text and {@code --json}), {@code
 * --version}.
 */
class OperatorCliTest {
  private static final int ZONES = 40;

  @TempDir Path dir;

  @Test
  void auditLogReconcileAndStatus() throws Exception {
    Logger auditLogger = (Logger) LoggerFactory.getLogger("dns-agent.audit");
    ListAppender<ILoggingEvent> audit = new ListAppender<>();
    audit.start();
    auditLogger.addAppender(audit);
    // Another test's Cli.run may have quietened the root logger to WARN in this JVM.
    Level before = auditLogger.getLevel();
    auditLogger.setLevel(Level.INFO);
    // No periodic sweep; a slow one when asked (50 ms a zone), so that it is seen running.
    try (AgentFixture f =
        AgentFixture.start(dir, "reconcile_interval = 0\nreconcile_rate = 20\n", false)) {
      List<Name> zones = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        Name zone = TestZones.name("z" + i + ".operator.test.");
        f.publish(zone, 10 + i, 1);
        zones.add(zone);
      }
      for (Name zone : zones) {
        assertTrue(f.client().create(zone).succeeded());
      }
      assertTrue(f.client().create(zones.get(0)).succeeded(), "a repeat changes nothing");
      List<String> lines;
      synchronized (audit.list) {
        lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      }
      assertEquals(ZONES, lines.size(), "one audit line per applied change: " + lines);
      String first =
          lines.stream()
              .filter(l -> l.contains("zone=z0.operator.test."))
              .findFirst()
              .orElseThrow();
      assertTrue(
          first.matches(
              "CREATE zone=z0\\.operator\\.test\\. target=default serial=10"
                  + " requested_by=\"127\\.0\\.0\\.1#\\d+\" op=\\d+: created at serial 10.*"),
          first);

      Cli started = Cli.run("reconcile", "--admin", f.adminEndpoint());
      assertEquals(0, started.exitCode(), started.err());
      assertTrue(started.out().contains("reconciliation sweep started"), started.out());
      AgentFixture.await(
          "status to show the sweep running", Duration.ofSeconds(30), () -> running(f) != null);
      Cli text = Cli.run("status", "--admin", f.adminEndpoint());
      assertTrue(
          text.out().contains("sweep running since") || !isRunning(f),
          "text status shows the sweep: " + text.out());
      AgentFixture.await("the sweep to end", Duration.ofSeconds(60), () -> running(f) == null);
      Map<String, Object> status = statusJson(f);
      @SuppressWarnings("unchecked")
      Map<String, Object> rec = (Map<String, Object>) status.get("reconciliation");
      assertEquals(ZONES, ((Number) rec.get("checked")).intValue(), rec.toString());
      @SuppressWarnings("unchecked")
      Map<String, Object> counters = (Map<String, Object>) status.get("counters");
      assertEquals(1L, ((Number) counters.get("dns_agent_reconcile_sweeps_total")).longValue());
    } finally {
      auditLogger.detachAppender(audit);
      auditLogger.setLevel(before);
    }

    Cli version = Cli.run("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("dns-agent "), version.out());
    assertTrue(version.out().contains("Java 1") || version.out().contains("Java 2"), version.out());
  }

  private static boolean isRunning(AgentFixture f) {
    return running(f) != null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> running(AgentFixture f) {
    Map<String, Object> rec = (Map<String, Object>) statusJson(f).get("reconciliation");
    Map<String, Object> run = (Map<String, Object>) rec.get("running");
    if (run != null) {
      int seen = ((Number) run.get("seen")).intValue();
      assertTrue(seen >= 0 && seen <= ((Number) run.get("total")).intValue(), run.toString());
      assertEquals(ZONES, ((Number) run.get("total")).intValue(), run.toString());
    }
    return run;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusJson(AgentFixture f) {
    Cli json = Cli.run("status", "--json", "--admin", f.adminEndpoint());
    assertEquals(0, json.exitCode(), json.err());
    return (Map<String, Object>) Json.parse(json.out().strip());
  }
}
