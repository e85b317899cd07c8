// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** What Windows answers besides success: denied access, a hang, bad credentials; and batching. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MsDnsBehaviourTest {
  @TempDir Path dir;
  FakeWindowsDns dns;
  FakeWsMan wsman;
  Path passwordFile;

  @BeforeAll
  void start() throws Exception {
    dns = new FakeWindowsDns();
    dns.seedHandZone("conf.example", 777);
    wsman = new FakeWsMan(dns, "agent", "pw");
    wsman.start();
  }

  @AfterAll
  void stop() {
    wsman.close();
    dns.close();
  }

  @AfterEach
  void reset() {
    dns.accessDenied(false);
    dns.serviceStopped(false);
    wsman.receiveDelay(Duration.ZERO);
  }

  Map<String, String> settings(String password) throws Exception {
    passwordFile = dir.resolve("pw-" + password.hashCode());
    Files.writeString(passwordFile, password + "\n");
    Map<String, String> s = new HashMap<>();
    s.put("msdns_transport", "winrm");
    s.put("winrm_endpoint", wsman.endpoint());
    s.put("winrm_auth", "basic");
    s.put("winrm_user", "agent");
    s.put("winrm_password_file", passwordFile.toString());
    s.put("script_timeout", "2");
    return s;
  }

  MsDnsSecondaryBackend backend(Map<String, String> settings) {
    ContractContext context =
        ContractContext.in(dir)
            .withMasters(List.of(MasterServer.of(new InetSocketAddress("192.0.2.1", 53))));
    return (MsDnsSecondaryBackend)
        new MsDnsBackendFactory()
            .create(
                new BackendSettings(
                    "backend:agent:msdns", settings, java.util.Set.of("winrm_password_file")),
                context);
  }

  @Test
  void zonesQueuedTogetherGoInOneScript() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("pw"))) {
      backend.start();
      int before = count("create");
      wsman.receiveDelay(Duration.ofSeconds(3)); // the first batch holds the others back
      ExecutorService pool = Executors.newFixedThreadPool(10);
      List<Future<?>> calls = new ArrayList<>();
      List<Name> zones = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Name zone = TestZones.name("batch" + i + ".example.");
        zones.add(zone);
        calls.add(
            pool.submit(
                () -> {
                  backend.createSecondaryZone(zone, TestZones.soa(zone, 1));
                  return null;
                }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
      pool.shutdown();
      wsman.receiveDelay(Duration.ZERO);
      int scripts = count("create") - before;
      assertTrue(scripts < 10, "10 creates in " + scripts + " scripts");
      for (Name zone : zones) {
        assertTrue(dns.zone(PowerShellScripts.zoneName(zone)).isPresent(), zone + " created");
      }
    }
  }

  @Test
  void accessDeniedIsMisconfiguredAndNamesTheFix() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("pw"))) {
      dns.accessDenied(true);
      Name zone = TestZones.name("denied.example.");
      BackendException create =
          assertThrows(
              BackendException.class,
              () -> backend.createSecondaryZone(zone, TestZones.soa(zone, 1)));
      assertEquals(Kind.MISCONFIGURED, create.kind(), create.getMessage());
      assertTrue(create.getMessage().contains("DnsAdmins"), create.getMessage());
      BackendException inventory = assertThrows(BackendException.class, backend::inventory);
      assertEquals(Kind.MISCONFIGURED, inventory.kind(), inventory.getMessage());
      assertTrue(inventory.getMessage().contains("Access is denied"), inventory.getMessage());
      assertFalse(inventory.getMessage().contains("CLIXML"), inventory.getMessage());
    }
  }

  @Test
  void aHungServerIsUnavailableWithinTheTimeout() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("pw"))) {
      backend.start(); // warm: the first call may take longer
      wsman.receiveDelay(Duration.ofSeconds(15));
      BackendException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(12),
              () ->
                  assertThrows(
                      BackendException.class,
                      () -> backend.findSoa(TestZones.name("hung.example."))));
      assertEquals(Kind.UNAVAILABLE, e.kind(), e.getMessage());
    }
  }

  @Test
  void aStoppedDnsServiceIsUnhealthyAndRefusesStart() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("pw"))) {
      dns.serviceStopped(true);
      assertFalse(backend.checkHealth().healthy());
      BackendException e = assertThrows(BackendException.class, backend::start);
      assertTrue(e.getMessage().contains("DNS Server service is Stopped"), e.getMessage());
    }
  }

  @Test
  void wrongCredentialsAreMisconfigured() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("wrong"))) {
      BackendException e = assertThrows(BackendException.class, backend::start);
      assertEquals(Kind.MISCONFIGURED, e.kind(), e.getMessage());
      assertFalse(e.getMessage().contains("wrong"), "no password in " + e.getMessage());
    }
  }

  @Test
  void theInventoryListsHandZonesAsUnmanagedAndSkipsAutoCreatedOnes() throws Exception {
    try (MsDnsSecondaryBackend backend = backend(settings("pw"))) {
      ZoneInventory.Inventory inventory = backend.inventory();
      assertTrue(inventory.unmanaged().contains(TestZones.name("conf.example.")));
      assertFalse(inventory.unmanaged().contains(TestZones.name("0.in-addr.arpa.")));
      assertFalse(inventory.unmanaged().contains(TestZones.name("TrustAnchors.")));
    }
  }

  @Test
  void mastersOffPort53AreRefusedAtStartUpInOneLine() throws Exception {
    Map<String, String> settings = settings("pw");
    ContractContext context =
        ContractContext.in(dir)
            .withMasters(List.of(MasterServer.of(new InetSocketAddress("192.0.2.1", 5354))));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new MsDnsBackendFactory()
                    .create(new BackendSettings("backend:agent:msdns", settings), context));
    assertTrue(e.getMessage().contains("only from port 53"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void plainHttpIsRefusedExceptBasicToLoopback() throws Exception {
    Map<String, String> settings = settings("pw");
    settings.put("winrm_endpoint", "http://dns1.example.net:5985/wsman");
    ConfigException e = assertThrows(ConfigException.class, () -> backend(settings));
    assertTrue(e.getMessage().contains("https"), e.getMessage());
  }

  @Test
  void theSettingsNeverShowThePassword() throws Exception {
    WinRmScriptRunner.Settings s =
        MsDnsBackendFactory.winRm(
            new BackendSettings("backend:agent:msdns", settings("pw-secret-1")));
    assertFalse(s.toString().contains("pw-secret-1"), s.toString());
  }

  private int count(String op) {
    int n = 0;
    for (String script : dns.scripts()) {
      if (script.startsWith("# dns-agent msdns " + op + " ")) {
        n++;
      }
    }
    return n;
  }
}
