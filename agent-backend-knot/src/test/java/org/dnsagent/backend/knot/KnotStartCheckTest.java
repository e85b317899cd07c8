// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.KnotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses a knotd whose runtime changes would not survive, or one that is not there. */
class KnotStartCheckTest {
  @TempDir Path state;

  @Test
  void aKnotdRunningFromATextualConfigurationIsRefused() {
    try (KnotServer textual = KnotServer.builder().confdb(false).start()) {
      for (String transport : new String[] {"native", "exec"}) {
        Map<String, String> settings = KnotTargets.settings(textual, transport, "primary");
        try (Backend backend = KnotTargets.backend(settings, ContractContext.in(state))) {
          BackendException e = assertThrows(BackendException.class, backend::start);
          assertEquals(Kind.MISCONFIGURED, e.kind());
          assertTrue(e.getMessage().contains("textual configuration"), e.getMessage());
          assertTrue(e.getMessage().contains("knotd -C"), e.getMessage());
        }
      }
    }
  }

  @Test
  void aMissingTemplateOrAnUnwritableZoneDirectoryIsRefused() {
    try (KnotServer knot = KnotServer.builder().start()) {
      Map<String, String> noTemplate = KnotTargets.settings(knot, "native", "primary");
      noTemplate.put("template", "no-such-template");
      assertRefused(noTemplate, "no-such-template");
      Map<String, String> unwritable = KnotTargets.settings(knot, "exec", "primary");
      unwritable.put("zone_file_path", "/dev/null/zones");
      assertRefused(unwritable, "zone_file_path");
    }
  }

  private void assertRefused(Map<String, String> settings, String expected) {
    try (Backend backend = KnotTargets.backend(settings, ContractContext.in(state))) {
      BackendException e = assertThrows(BackendException.class, backend::start);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
  }

  @Test
  void aSocketNobodyListensOnIsAClearError() {
    for (String transport : new String[] {"native", "exec"}) {
      Map<String, String> settings =
          Map.of(
              "knot_socket",
              state.resolve("nobody.sock").toString(),
              "knot_transport",
              transport,
              "timeout",
              "2s");
      try (Backend backend = KnotTargets.backend(settings, ContractContext.in(state))) {
        BackendException e = assertThrows(BackendException.class, backend::start);
        assertEquals(Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("knot_socket"), e.getMessage());
        assertEquals(false, backend.checkHealth().healthy());
      }
    }
  }
}
