// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.FreePorts;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Backend.start() refuses, with a clear reason, a named the agent could not work with. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Bind9StartCheckTest {
  NamedServer named;
  NamedServer noNewZones;
  @TempDir Path state;

  @BeforeAll
  void startServers() {
    named = NamedServer.builder().start();
    noNewZones = NamedServer.builder().allowNewZones(false).start();
  }

  @AfterAll
  void stopServers() {
    if (named != null) {
      named.close();
    }
    if (noNewZones != null) {
      noNewZones.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void wrongRndcKeyIsAMisconfiguration(String transport) throws Exception {
    Path wrongKey = state.resolve("wrong-" + transport + ".key");
    Files.writeString(
        wrongKey,
        NamedServer.keyStatement(
            NamedServer.RNDC_KEY_NAME, "hmac-sha256", NamedServer.newSecret()));
    Map<String, String> settings = TestTargets.settings(named, transport);
    settings.put("rndc_key_file", wrongKey.toString());

    BackendException e = startFails(settings);
    assertEquals(Kind.MISCONFIGURED, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("key"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void allowNewZonesOffIsAMisconfiguration(String transport) {
    BackendException e = startFails(TestTargets.settings(noNewZones, transport));
    assertEquals(Kind.MISCONFIGURED, e.kind());
    assertTrue(e.getMessage().contains("allow-new-zones yes"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void unknownViewIsAMisconfiguration(String transport) {
    Map<String, String> settings = TestTargets.settings(named, transport);
    settings.put("view", "nosuchview");
    BackendException e = startFails(settings);
    assertEquals(Kind.MISCONFIGURED, e.kind());
    assertTrue(e.getMessage().contains("no view 'nosuchview'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void namedNotListeningIsUnavailable(String transport) {
    Map<String, String> settings = TestTargets.settings(named, transport);
    settings.put("rndc_port", Integer.toString(FreePorts.tcp()));
    BackendException e = startFails(settings);
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"native", "exec"})
  void healthyNamedStarts(String transport) throws Exception {
    try (Bind9Backend backend =
        TestTargets.backend(TestTargets.settings(named, transport), ContractContext.in(state))) {
      backend.start();
      assertTrue(Files.isDirectory(state.resolve("zones")));
    }
  }

  private BackendException startFails(Map<String, String> settings) {
    try (Bind9Backend backend = TestTargets.backend(settings, ContractContext.in(state))) {
      return assertThrows(BackendException.class, backend::start);
    }
  }
}
