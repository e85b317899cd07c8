// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdnsBackendFactoryTest {
  @TempDir Path dir;

  private Backend create(Map<String, String> values, List<MasterServer> masters) {
    ContractContext context = ContractContext.in(dir).withMasters(masters);
    return new PdnsBackendFactory()
        .create(
            new BackendSettings("backend:agent:pdns", values, Set.of("db_password_file")), context);
  }

  @Test
  void isFoundByServiceLoaderAndDeclaresItsOptions() {
    BackendFactory found =
        ServiceLoader.load(BackendFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals("pdns"))
            .findFirst()
            .orElseThrow();
    assertInstanceOf(PdnsBackendFactory.class, found);
    Set<String> names = found.knownOptions();
    for (String option :
        List.of(
            "pdns_mode",
            "db_url",
            "db_user",
            "db_password_file",
            "db_pool_size",
            "pdns_control_socket_dir",
            "pdns_control_path",
            "zone_mode",
            "query_destination",
            "timeout",
            "api_url",
            "api_key_file",
            "server_id",
            "api_ca_file")) {
      assertTrue(names.contains(option), option);
    }
    assertEquals(Set.of("db_password_file", "api_key_file"), found.sensitiveOptions());
    for (OptionSpec spec : found.options()) {
      assertFalse(spec.description().isBlank(), spec.name());
    }
  }

  @Test
  void zoneModeChoosesTheCapability() throws Exception {
    Path db = dir.resolve("pdns.sqlite3");
    try (Backend primary = create(Map.of("db_url", "jdbc:sqlite:" + db), List.of())) {
      assertInstanceOf(IncrementalUpdates.class, primary);
      assertInstanceOf(ZoneInventory.class, primary);
      assertFalse(primary instanceof SecondaryBackend);
    }
    List<MasterServer> masters = List.of(MasterServer.of(new InetSocketAddress("192.0.2.1", 53)));
    try (Backend secondary =
        create(Map.of("db_url", "jdbc:sqlite:" + db, "zone_mode", "secondary"), masters)) {
      assertInstanceOf(SecondaryBackend.class, secondary);
      assertInstanceOf(ZoneInventory.class, secondary);
    }
    Files.writeString(dir.resolve("key"), "k\n");
    try (Backend api =
        create(
            Map.of("pdns_mode", "api", "api_key_file", dir.resolve("key").toString()), List.of())) {
      assertInstanceOf(IncrementalUpdates.class, api);
    }
    assertFalse(Files.exists(db), "creating a backend touches no database");
  }

  @Test
  void badSettingsAreOneLineErrorsNamingTheOption() throws Exception {
    ConfigException noUrl = assertThrows(ConfigException.class, () -> create(Map.of(), List.of()));
    assertEquals("db_url", noUrl.option());
    ConfigException badUrl =
        assertThrows(
            ConfigException.class, () -> create(Map.of("db_url", "jdbc:oracle:x"), List.of()));
    assertEquals("db_url", badUrl.option());
    ConfigException noMasters =
        assertThrows(
            ConfigException.class,
            () -> create(Map.of("db_url", "jdbc:sqlite:x", "zone_mode", "secondary"), List.of()));
    assertEquals("zone_mode", noMasters.option());
    ConfigException noKey =
        assertThrows(ConfigException.class, () -> create(Map.of("pdns_mode", "api"), List.of()));
    assertEquals("api_key_file", noKey.option());
    ConfigException badMode =
        assertThrows(ConfigException.class, () -> create(Map.of("pdns_mode", "ldap"), List.of()));
    assertEquals("pdns_mode", badMode.option());
    ConfigException badAccount =
        assertThrows(
            ConfigException.class,
            () -> create(Map.of("db_url", "jdbc:sqlite:x", "account", "a b"), List.of()));
    assertEquals("account", badAccount.option());
  }

  @Test
  void thePasswordIsNeverInTheConfigurationsText() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "s3cret-value\n");
    PdnsConfig config =
        PdnsConfig.from(
            new BackendSettings(
                "backend:agent:pdns",
                Map.of(
                    "db_url",
                    "jdbc:mariadb://127.0.0.1/pdns",
                    "db_password_file",
                    password.toString())),
            ContractContext.in(dir));
    assertEquals("s3cret-value", config.dbPassword().orElseThrow().reveal());
    assertFalse(config.toString().contains("s3cret"), config.toString());
  }

  @Test
  void execControlRefusesArgumentsPdnsControlWouldReadAsOptions() throws Exception {
    List<List<String>> ran = new java.util.ArrayList<>();
    ExecPdnsControl control =
        new ExecPdnsControl(
            Path.of("/usr/bin/pdns_control"),
            Path.of("/run/pdns"),
            java.time.Duration.ofSeconds(1),
            (command, timeout) -> {
              ran.add(command);
              return new CommandResult(0, "Ok\n", "");
            });
    assertEquals("Ok", control.execute("purge", List.of("example.org$")));
    assertEquals(
        List.of("/usr/bin/pdns_control", "--socket-dir=/run/pdns", "purge", "example.org$"),
        ran.get(0));
    BackendException e =
        assertThrows(
            BackendException.class, () -> control.execute("purge", List.of("--oops.example$")));
    assertEquals(BackendException.Kind.REJECTED, e.kind());
    assertEquals(1, ran.size());
  }

  @Test
  void apiErrorsAreMappedByStatus() {
    assertEquals(
        BackendException.Kind.REJECTED, PdnsApi.failure("x", new PdnsApi.Reply(409, null)).kind());
    assertTrue(
        PdnsApi.failure("x", new PdnsApi.Reply(409, null)).getMessage().contains("conflict"));
    assertEquals(
        BackendException.Kind.REJECTED, PdnsApi.failure("x", new PdnsApi.Reply(422, null)).kind());
    assertEquals(
        BackendException.Kind.REJECTED, PdnsApi.failure("x", new PdnsApi.Reply(404, null)).kind());
    assertEquals(
        BackendException.Kind.UNAVAILABLE,
        PdnsApi.failure("x", new PdnsApi.Reply(503, null)).kind());
  }

  @Test
  void recordRowsFollowPdnsConventions() throws Exception {
    var zone = org.xbill.DNS.Name.fromString("Example.ORG.");
    var glue =
        new org.xbill.DNS.ARecord(
            org.xbill.DNS.Name.fromString("ns.sub.example.org."),
            org.xbill.DNS.DClass.IN,
            60,
            java.net.InetAddress.getByName("192.0.2.1"));
    RecordRow row =
        RecordRow.of(glue, zone, Set.of(org.xbill.DNS.Name.fromString("sub.example.org.")));
    assertEquals("ns.sub.example.org", row.name());
    assertEquals("A", row.type());
    assertEquals("192.0.2.1", row.content());
    assertFalse(row.auth(), "glue below a delegation is not authoritative");
    assertEquals(42, RecordRow.serialOf("ns.example.org. h.example.org. 42 60 60 600 60"));
  }
}
