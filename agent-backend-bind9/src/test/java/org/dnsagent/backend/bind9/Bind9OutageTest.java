// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.backend.bind9.TestZones.name;
import static org.dnsagent.backend.bind9.TestZones.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/** A named that is down or frozen fails operations visibly and promptly, never hangs them. */
class Bind9OutageTest {
  /** rndc_timeout is 3 s in TestTargets; allow scheduling slack on a busy 2-core machine. */
  private static final Duration PROMPT = Duration.ofSeconds(6);

  @TempDir Path state;

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void stoppedNamedMakesEveryOperationUnavailableUntilItIsBack(String transport) throws Exception {
    try (NamedServer named = NamedServer.builder().start();
        Bind9Backend backend =
            TestTargets.backend(TestTargets.settings(named, transport), TestContext.in(state))) {
      backend.start();
      Name zone = name("outage.example.");
      backend.createZone(zone(zone, 1, "192.0.2.1"));

      named.stop();
      assertUnavailablePromptly(
          () -> backend.createZone(zone(name("new.example."), 1, "192.0.2.1")));
      assertUnavailablePromptly(() -> backend.updateZone(zone(zone, 2, "192.0.2.2")));
      assertUnavailablePromptly(() -> backend.deleteZone(zone));
      assertUnavailablePromptly(() -> backend.findSoa(zone));
      assertFalse(backend.checkHealth().healthy());

      named.restart();
      backend.updateZone(zone(zone, 3, "192.0.2.3"));
      assertTrue(backend.checkHealth().healthy(), backend.checkHealth().detail());
      assertTrue(backend.findSoa(zone).isPresent(), "served again after the restart");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void frozenNamedTimesOutInsteadOfHanging(String transport) throws Exception {
    try (NamedServer named = NamedServer.builder().start()) {
      Map<String, String> settings = TestTargets.settings(named, transport);
      try (Bind9Backend backend = TestTargets.backend(settings, TestContext.in(state))) {
        backend.start();
        signal("STOP", named.pid());
        try {
          BackendException e =
              assertUnavailablePromptly(
                  () -> backend.createZone(zone(name("frozen.example."), 1, "192.0.2.1")));
          assertTrue(
              e.getMessage().contains("within") || e.getMessage().contains("timed out"),
              e.getMessage());
          assertUnavailablePromptly(() -> backend.findSoa(name("frozen.example.")));
        } finally {
          signal("CONT", named.pid());
        }
        backend.createZone(zone(name("thawed.example."), 1, "192.0.2.1"));
        assertEquals(1, backend.findSoa(name("thawed.example.")).orElseThrow().getSerial());
      }
    }
  }

  private interface Operation {
    void run() throws BackendException;
  }

  private static BackendException assertUnavailablePromptly(Operation operation) {
    long start = System.nanoTime();
    BackendException e = assertThrows(BackendException.class, operation::run);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(Kind.UNAVAILABLE, e.kind(), e.getMessage());
    assertTrue(took.compareTo(PROMPT) < 0, "took " + took + ": " + e.getMessage());
    return e;
  }

  /** Sends a signal to our own named, by its pid. */
  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertTrue(kill.waitFor(5, TimeUnit.SECONDS));
    assertEquals(0, kill.exitValue());
  }
}
