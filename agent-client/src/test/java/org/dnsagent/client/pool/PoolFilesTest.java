// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class PoolFilesTest {
  private static final String SECRET = "aW50ZXJuYWwtdmlldy1rZXktc2VjcmV0";

  @Test
  void readsWhatDesignateManageWrites() throws Exception {
    List<Pool> pools = PoolFiles.readPools(resource("pools.yaml"));
    assertEquals(List.of("default", "second"), pools.stream().map(Pool::name).toList());
    Pool pool = pools.get(0);
    assertEquals("Default Pool", pool.description());
    assertEquals(
        List.of(
            new Pool.Nameserver(
                "192.0.2.1", 53, Optional.of("4a1a4e28-2b4e-4b2a-8b0a-3c4d5e6f7a8b")),
            new Pool.Nameserver("192.0.2.2", 53, Optional.empty())),
        pool.nameservers());
    Pool.Target first = pool.targets().get(0);
    assertEquals("192.0.2.1", first.host());
    assertEquals(5358, first.port(), "options.port is a string in generated files");
    assertEquals(List.of(new Pool.Master("192.0.2.10", 5354)), first.masters());
    assertEquals(Optional.of("4a1a4e28-2b4e-4b2a-8b0a-3c4d5e6f7a8b"), first.tsigKeyId());
    assertEquals("BIND9 beside an agent, internal view (192.0.2.1:5358)", first.label());
    Pool.Target second = pool.targets().get(1);
    assertEquals("127.0.0.1", second.host(), "Designate's default host");
    assertEquals(5358, second.port(), "Designate's default agent port");
    assertEquals("127.0.0.1:5358", second.label());
    assertEquals("[2001:db8::5]:6000", pools.get(1).targets().get(0).label());
    assertEquals("second", PoolFiles.readPool(resource("pools.yaml"), "second").name());
  }

  @Test
  void readsKeysByIdOrName() throws Exception {
    PoolKeyring keys = PoolFiles.readKeys(resource("tsigkeys.yaml"));
    assertEquals(2, keys.size());
    PoolTsigKey key = keys.find("4a1a4e28-2b4e-4b2a-8b0a-3c4d5e6f7a8b").orElseThrow();
    assertEquals("pool-internal", key.name());
    assertEquals(key, keys.find("pool-internal").orElseThrow());
    Message signed = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
    signed.setTSIG(keys.find("legacy").orElseThrow().toTsig());
    assertEquals(TSIG.HMAC_MD5, new Message(signed.toWire(512)).getTSIG().getAlgorithm());
    assertFalse(key.toString().contains(SECRET), "toString hides the secret");
  }

  @Test
  void readsTheApiShapeOfTheKeysFile() {
    PoolKeyring keys =
        PoolFiles.parseKeys(
            "{\"tsigkeys\": [{\"id\": \"k1\", \"name\": \"ctl\", \"algorithm\": \"hmac-sha512\","
                + " \"secret\": \""
                + SECRET
                + "\"}], \"links\": {}}",
            "api.json");
    assertEquals("hmac-sha512", keys.find("k1").orElseThrow().algorithm());
    PoolKeyring defaults = PoolFiles.parseKeys("- {name: plain, secret: cGxhaW4=}", "k.yaml");
    assertEquals("hmac-sha256", defaults.find("plain").orElseThrow().algorithm());
  }

  @Test
  void errorsNameTheFileAndEntryButNeverTheSecret() {
    assertError(
        "- name: p\n  targets:\n  - type: bind9\n",
        "pools.yaml[0].targets[0]: type 'bind9': only 'agent' targets");
    assertError("- name: p\n  targets: []\n", "pools.yaml[0]: the pool has no targets");
    assertError(
        "- name: p\n  targets:\n  - type: agent\n    options: {port: nope}\n",
        "pools.yaml[0].targets[0].options: port 'nope' is not a port");
    assertError("- targets: []\n", "pools.yaml[0]: 'name' is missing");
    assertError("name: p\n", "pools.yaml: expected a list");
    assertError("- name: [\n", "pools.yaml: not valid YAML");
    PoolFileException bad =
        assertThrows(
            PoolFileException.class,
            () ->
                PoolFiles.parseKeys(
                    "- {name: k, algorithm: hmac-sha9, secret: " + SECRET + "}", "keys.yaml"));
    assertTrue(
        bad.getMessage().startsWith("keys.yaml[0]: unknown TSIG algorithm"), bad.getMessage());
    assertFalse(bad.getMessage().contains(SECRET));
    PoolFileException notBase64 =
        assertThrows(
            PoolFileException.class,
            () -> PoolFiles.parseKeys("- {name: k, secret: 'se*cret'}", "keys.yaml"));
    assertFalse(notBase64.getMessage().contains("se*cret"), notBase64.getMessage());
    PoolFileException yaml =
        assertThrows(
            PoolFileException.class,
            () -> PoolFiles.parseKeys("- {name: k, secret: " + SECRET + "\n", "keys.yaml"));
    assertFalse(yaml.getMessage().contains(SECRET), yaml.getMessage());
    assertThrows(
        PoolFileException.class,
        () -> PoolFiles.parseKeys("- {name: a, secret: YQ==}\n- {name: a, secret: Yg==}", "k"));
    PoolFileException missing =
        assertThrows(
            PoolFileException.class, () -> PoolFiles.readPool(resource("pools.yaml"), "x"));
    assertTrue(missing.getMessage().contains("no pool named 'x'; pools: [default, second]"));
  }

  @Test
  void aPoolMayNameOnlyKeysTheKeyringHas() throws Exception {
    Pool pool = PoolFiles.readPool(resource("pools.yaml"), "default");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PoolClient(pool, PoolKeyring.empty(), PoolOptions.designateDefaults()));
    assertTrue(e.getMessage().contains("tsigkey_id '4a1a4e28"), e.getMessage());
    new PoolClient(
        pool, PoolFiles.readKeys(resource("tsigkeys.yaml")), PoolOptions.designateDefaults());
  }

  @Test
  void nameserversWithoutTheirOwnKeyArePolledWithTheKeyAllTargetsShare() {
    String shared = "5b8e7d0a-9c1f-4e2a-8f3b-1d2c3e4f5a6b";
    String yaml =
        "- name: internal\n"
            + "  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
            + "  nameservers: [{host: 192.0.2.1, port: 53}]\n"
            + "  targets:\n"
            + "    - type: agent\n"
            + "      options: {host: 192.0.2.1, port: 5358}\n"
            + "      tsigkey_id: "
            + shared
            + "\n";
    Pool pool = PoolFiles.parsePools(yaml, "pools.yaml").get(0);
    assertEquals(Optional.of(shared), pool.nameservers().get(0).tsigKeyId());
  }

  private static void assertError(String yaml, String expected) {
    PoolFileException e =
        assertThrows(PoolFileException.class, () -> PoolFiles.parsePools(yaml, "pools.yaml"));
    assertTrue(e.getMessage().startsWith(expected), () -> "message was: " + e.getMessage());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(PoolFilesTest.class.getResource("/" + name).toURI());
  }
}
