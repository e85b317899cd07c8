// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bind9ConfigTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";

  @TempDir Path dir;
  Path keyFile;
  ContractContext context;

  @BeforeEach
  void writeKey() throws Exception {
    keyFile = dir.resolve("rndc.key");
    Files.writeString(
        keyFile, "key \"rndc-key\" { algorithm hmac-sha256; secret \"" + SECRET + "\"; };\n");
    context = ContractContext.in(dir.resolve("state"));
  }

  private Bind9Config bind(Map<String, String> values) {
    return Bind9Config.from(
        new BackendSettings("backend:agent:bind9", values, Bind9Config.SENSITIVE), context);
  }

  private Map<String, String> minimal() {
    Map<String, String> values = new HashMap<>();
    values.put("rndc_key_file", keyFile.toString());
    return values;
  }

  @Test
  void defaultsFollowDesignate() {
    Bind9Config config = bind(minimal());
    assertEquals(new InetSocketAddress("127.0.0.1", 953), config.rndcAddress());
    assertEquals("rndc-key", config.rndcKey().name());
    assertEquals(Duration.ofSeconds(10), config.rndcTimeout());
    assertEquals(RndcTransportKind.NATIVE, config.rndcTransport());
    assertEquals(8, config.maxRndcProcesses());
    assertEquals(dir.resolve("state/zones").toAbsolutePath(), config.zoneFilePath());
    assertEquals(new InetSocketAddress("127.0.0.1", 53), config.queryDestination());
    assertEquals(Duration.ofSeconds(2), config.queryTimeout());
    assertEquals(Optional.empty(), config.queryTsigKey());
    assertEquals(ZoneMode.PRIMARY, config.zoneMode());
    assertEquals("_default", config.view());
    assertTrue(config.cleanOnDelete());
    assertEquals(List.of(), config.allowTransfer());
    assertEquals(Optional.empty(), config.inlineSigning());
  }

  @Test
  void explicitValuesAreBound() {
    Map<String, String> values = minimal();
    values.put("rndc_host", "127.0.0.2");
    values.put("rndc_port", "9953");
    values.put("rndc_timeout", "1.5");
    values.put("rndc_transport", "EXEC");
    values.put("max_rndc_processes", "3");
    values.put("zone_file_path", dir.resolve("z").toString());
    values.put("query_destination", "127.0.0.3:5301");
    values.put("query_timeout", "500ms");
    values.put("query_tsig_key", "k1:hmac-sha512:" + SECRET);
    values.put("zone_mode", "secondary");
    values.put("view", "internal");
    values.put("clean_on_delete", "false");
    values.put("allow_transfer", "192.0.2.0/24, key k1");
    values.put("also_notify", "192.0.2.53:5300");
    values.put("dnssec_policy", "default");
    values.put("inline_signing", "yes");
    context =
        context.withMasters(List.of(MasterServer.of(new InetSocketAddress("127.0.0.1", 5354))));

    Bind9Config config = bind(values);
    assertEquals(new InetSocketAddress("127.0.0.2", 9953), config.rndcAddress());
    assertEquals(Duration.ofMillis(1500), config.rndcTimeout());
    assertEquals(RndcTransportKind.EXEC, config.rndcTransport());
    assertEquals(3, config.maxRndcProcesses());
    assertEquals(dir.resolve("z"), config.zoneFilePath());
    assertEquals(new InetSocketAddress("127.0.0.3", 5301), config.queryDestination());
    assertEquals(Duration.ofMillis(500), config.queryTimeout());
    assertEquals("k1", config.queryTsigKey().orElseThrow().name());
    assertEquals(ZoneMode.SECONDARY, config.zoneMode());
    assertEquals("internal", config.view());
    assertFalse(config.cleanOnDelete());
    assertEquals(List.of("192.0.2.0/24", "key k1"), config.allowTransfer());
    assertEquals(List.of(new InetSocketAddress("192.0.2.53", 5300)), config.alsoNotify());
    assertEquals(Optional.of("default"), config.dnssecPolicy());
    assertEquals(Optional.of(true), config.inlineSigning());
  }

  @Test
  void queryTsigKeyMayNameAKeyOfTheAgentConfiguration() {
    TsigKeySpec k1 = new TsigKeySpec("k1", "hmac-sha512", SECRET);
    context = context.withTsigKeys(Map.of("k1", k1));
    Map<String, String> values = minimal();
    values.put("query_tsig_key", "k1");
    assertEquals(Optional.of(k1), bind(values).queryTsigKey());

    values.put("query_tsig_key", "k2");
    ConfigException e = assertThrows(ConfigException.class, () -> bind(values));
    assertEquals(
        "[backend:agent:bind9] query_tsig_key = k2: no [tsigkey:k2] section defines this key",
        e.getMessage());
  }

  @Test
  void zoneFilesOfAViewGoToItsOwnSubdirectory() {
    Map<String, String> values = minimal();
    values.put("zone_file_path", dir.resolve("z").toString());
    assertEquals(dir.resolve("z"), bind(values).zoneDirectory(), "the default view: as Designate");
    values.put("view", "internal");
    assertEquals(dir.resolve("z/internal"), bind(values).zoneDirectory());
  }

  @Test
  void rndcConfDefaultsApplyWhenHostAndPortAreNotSet() throws Exception {
    Path conf = dir.resolve("rndc.conf");
    Files.writeString(
        conf,
        "include \"rndc.key\";\n"
            + "key other { algorithm hmac-sha1; secret \""
            + SECRET
            + "\"; };\n"
            + "options { default-key \"rndc-key\"; default-server 127.0.0.5; default-port 1953; };\n"
            + "server 127.0.0.6 { key other; port 2953; };\n");
    Map<String, String> values = new HashMap<>();
    values.put("rndc_config_file", conf.toString());
    Bind9Config config = bind(values);
    assertEquals(new InetSocketAddress("127.0.0.5", 1953), config.rndcAddress());
    assertEquals("rndc-key", config.rndcKey().name());
    assertEquals(conf, config.rndcKeySource());

    values.put("rndc_host", "127.0.0.6");
    Bind9Config server = bind(values);
    assertEquals(new InetSocketAddress("127.0.0.6", 2953), server.rndcAddress());
    assertEquals("other", server.rndcKey().name());
  }

  @Test
  void errorsNameSectionOptionValueAndReason() {
    assertError(
        "rndc_transport",
        "carrier-pigeon",
        "[backend:agent:bind9] rndc_transport = carrier-pigeon: must be one of native, exec");
    assertError("zone_mode", "master", "must be one of primary, secondary");
    assertError("view", "my view", "view names may hold only");
    assertError("view", "a\"b", "view names may hold only");
    assertError("zone_file_path", "/srv/\"zones", "cannot be quoted");
    assertError("allow_transfer", "example.org", "is not an address");
    assertError("also_notify", "192.0.2.1:99999", "out of range");
    assertError("rndc_port", "0", "must be between 1 and 65535");
    assertError("query_tsig_key", "k1:hmac-sha256", "= ****: expected name:algorithm:secret");
    assertError("rndc_key_file", dir.resolve("missing.key").toString(), "cannot read");
    assertError("zone_mode", "secondary", "none are configured");
  }

  @Test
  void secretsNeverAppearInErrors() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> {
              Map<String, String> values = minimal();
              values.put("query_tsig_key", "k1:hmac-sha999:" + SECRET);
              bind(values);
            });
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  private void assertError(String option, String value, String expected) {
    Map<String, String> values = minimal();
    values.put(option, value);
    ConfigException e = assertThrows(ConfigException.class, () -> bind(values));
    assertEquals(option, e.option());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("[backend:agent:bind9] " + option), e.getMessage());
  }

  @Test
  void queryKeyFileTakesAKeyBlockOrANamedBareSecret() throws Exception {
    Path block =
        Files.writeString(
            dir.resolve("view.key"),
            "key \"view-key\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + SECRET + "\";\n};\n");
    Map<String, String> values = minimal();
    values.put("query_tsig_key_file", block.toString());
    TsigKeySpec key = bind(values).queryTsigKey().orElseThrow();
    assertEquals("view-key", key.name());
    assertEquals("hmac-sha512", key.algorithm());

    Path bare = Files.writeString(dir.resolve("bare.key"), SECRET + "\n");
    values.put("query_tsig_key_file", bare.toString());
    ConfigException noName = assertThrows(ConfigException.class, () -> bind(values));
    assertTrue(
        noName.getMessage().contains("name its key with query_tsig_key_name"), noName.getMessage());
    values.put("query_tsig_key_name", "bare-key");
    key = bind(values).queryTsigKey().orElseThrow();
    assertEquals("bare-key", key.name());
    assertEquals("hmac-sha256", key.algorithm());
    assertEquals(SECRET, key.secret());

    Path junk = Files.writeString(dir.resolve("junk.key"), "secret = nope {\n");
    values.put("query_tsig_key_file", junk.toString());
    ConfigException wrong = assertThrows(ConfigException.class, () -> bind(values));
    assertTrue(
        wrong.getMessage().contains("expected the bare base64 secret, or a BIND key block"),
        wrong.getMessage());

    values.put("query_tsig_key_file", dir.resolve("missing.key").toString());
    ConfigException missing = assertThrows(ConfigException.class, () -> bind(values));
    assertTrue(
        missing.getMessage().endsWith("missing.key: cannot read: no such file"),
        missing.getMessage());
  }

  @Test
  void aMissingRndcKeyFileIsOneLineWithoutJavaNames() {
    Map<String, String> values = minimal();
    values.put("rndc_key_file", dir.resolve("nope.key").toString());
    ConfigException e = assertThrows(ConfigException.class, () -> bind(values));
    assertEquals(
        "[backend:agent:bind9] rndc_key_file = "
            + dir.resolve("nope.key")
            + ": cannot read: no such file",
        e.getMessage());
  }
}
