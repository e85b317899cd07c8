// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  private static Map<String, Object> status(Object unmanagedCount, String state) {
    Map<String, Object> target = new HashMap<>();
    target.put("target", "default");
    target.put("driver", "bind9");
    target.put("state", state);
    target.put("since", "2026-01-01T00:00:00Z");
    target.put("failures", 0L);
    target.put("detail", "ok");
    Map<String, Object> reconciliation = new HashMap<>();
    reconciliation.put("last_finished", "2026-01-01T00:01:00Z");
    reconciliation.put("checked", 3L);
    reconciliation.put("behind", 0L);
    reconciliation.put("missing", 0L);
    reconciliation.put("errors", 0L);
    reconciliation.put("unmanaged_count", unmanagedCount);
    reconciliation.put("unmanaged", List.of());
    Map<String, Object> journal = new HashMap<>();
    journal.put("file", "/var/lib/dns-agent/journal");
    Map<String, Object> s = new HashMap<>();
    s.put("targets", List.of(target));
    s.put("zones", 3L);
    s.put("queue_depth", 0L);
    s.put("failed_operations", 0L);
    s.put("reconciliation", reconciliation);
    s.put("journal", journal);
    return s;
  }

  private static String print(Map<String, Object> status, int expectedCode) {
    StringWriter text = new StringWriter();
    assertEquals(expectedCode, StatusCommand.print(status, new PrintWriter(text, true)));
    return text.toString();
  }

  @Test
  void unmanagedZonesOfABackendThatCannotListThemAreUnknownNotZero() {
    String text = print(status(null, "OK"), 0);
    assertTrue(text.contains("unknown unmanaged"), text);
    assertTrue(print(status(2L, "OK"), 0).contains("2 unmanaged"));
  }

  @Test
  void aFailedBackendIsShownAndMakesTheExitStatusOne() {
    String text = print(status(null, "FAILED"), 1);
    assertTrue(text.contains("FAILED"), text);
  }
}
