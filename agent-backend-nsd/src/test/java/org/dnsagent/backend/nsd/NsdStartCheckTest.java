// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NsdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start() says exactly what nsd.conf lacks, in one line, before any zone is touched. */
class NsdStartCheckTest {
  @TempDir Path state;

  private BackendException startFails(
      NsdServer nsd, Map<String, String> settings, ContractContext c) {
    try (Backend backend = NsdTargets.backend(settings, c)) {
      return assertThrows(BackendException.class, backend::start);
    }
  }

  @Test
  void aMissingPatternIsReportedWithTheLinesToAdd() {
    try (NsdServer nsd = NsdServer.builder().start()) {
      BackendException e =
          startFails(nsd, NsdTargets.settings(nsd, "native", state), ContractContext.in(state));
      assertEquals(Kind.MISCONFIGURED, e.kind());
      String message = e.getMessage();
      assertTrue(message.contains("no pattern 'dns-agent'"), message);
      assertTrue(message.contains("zonefile: \"" + state.resolve("zones") + "/%s.zone\""), message);
      assertTrue(message.contains("nsd-control reconfig"), message);
      assertTrue(!message.contains("\n"), "one line: " + message);
    }
  }

  @Test
  void aPatternWritingElsewhereIsReported() {
    try (NsdServer nsd =
        NsdServer.builder()
            .config("pattern:\n  name: \"dns-agent\"\n  zonefile: \"/somewhere/%s\"\n")
            .start()) {
      BackendException e =
          startFails(nsd, NsdTargets.settings(nsd, "native", state), ContractContext.in(state));
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("\"/somewhere/%s\""), e.getMessage());
    }
  }

  @Test
  void anEmptyZonelistfileIsReported() {
    try (NsdServer nsd =
        NsdServer.builder().zoneList(false).config(NsdTargets.primaryConfig(state)).start()) {
      BackendException e =
          startFails(nsd, NsdTargets.settings(nsd, "native", state), ContractContext.in(state));
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(
          e.getMessage().contains("zonelistfile: \"/var/lib/nsd/zone.list\""), e.getMessage());
    }
  }

  @Test
  void secondaryModeWithoutTheIncludeIsReported() {
    try (NsdServer nsd = NsdServer.builder().start()) {
      Map<String, String> settings = NsdTargets.settings(nsd, "native", state);
      settings.put("zone_mode", "secondary");
      ContractContext context =
          ContractContext.in(state)
              .withMasters(List.of(new MasterServer(nsd.dnsAddress(), Optional.empty())));
      BackendException e = startFails(nsd, settings, context);
      assertEquals(Kind.MISCONFIGURED, e.kind());
      assertTrue(
          e.getMessage().contains("include: \"" + state.resolve("patterns.conf") + "\""),
          e.getMessage());
    }
  }

  @Test
  void anUnreachableControlSocketIsUnavailable() {
    Map<String, String> settings =
        Map.of(
            "nsd_control", state.resolve("no.ctl").toString(),
            "zone_file_path", state.resolve("zones").toString(),
            "timeout", "2");
    try (Backend backend =
        NsdTargets.backend(new java.util.HashMap<>(settings), ContractContext.in(state))) {
      BackendException e = assertThrows(BackendException.class, backend::start);
      assertEquals(Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("no.ctl"), e.getMessage());
    }
  }
}
