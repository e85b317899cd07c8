// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.OptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
  @TempDir Path dir;

  private final AgentConfigLoader loader =
      new AgentConfigLoader(new BackendRegistry(List.of(new Fake("files"), new Fake("bind9"))));

  @Test
  void defaults() throws Exception {
    AgentConfig c = load("").config();
    assertEquals(Path.of("/var/lib/dns-agent"), c.statePath());
    assertEquals(List.of(new InetSocketAddress("0.0.0.0", 5358)), c.listen());
    assertEquals(100, c.tcpBacklog());
    assertEquals(Duration.ofMillis(500), c.tcpRecvTimeout());
    assertEquals(Duration.ZERO, c.notifyDelay());
    assertTrue(c.masters().isEmpty());
    assertTrue(c.transferSource().isEmpty());
    assertFalse(c.requireTsig());
    assertEquals("files", c.targets().get(0).driver());
    assertEquals("default", c.targets().get(0).name());
    assertFalse(c.allowNotify().allows(InetAddress.getByName("203.0.113.9")), "empty means nobody");
  }

  @Test
  void explicitMappings() throws Exception {
    LoadedConfig loaded =
        load(
            """
            [DEFAULT]
            state_path = /srv/agent
            debug = true
            [service:agent]
            listen = 127.0.0.1:5400, [::1]:5401
            tcp_backlog = 7
            tcp_recv_timeout = 1.5
            workers = 3
            masters = 192.0.2.10:5354, 192.0.2.11
            allow_notify = 198.51.100.0/24
            backend_driver = bind9
            transfer_source = 127.0.0.2
            notify_delay = 2
            transfer_timeout = 5m
            transfer_max_records = 1000
            [backend:agent:bind9]
            zone_file_path = $state_path/zones
            """);
    AgentConfig c = loaded.config();
    assertEquals(Path.of("/srv/agent"), c.statePath());
    assertTrue(c.debug());
    assertEquals(
        List.of(new InetSocketAddress("127.0.0.1", 5400), new InetSocketAddress("::1", 5401)),
        c.listen());
    assertEquals(7, c.tcpBacklog());
    assertEquals(Duration.ofMillis(1500), c.tcpRecvTimeout());
    assertEquals(3, c.workers());
    assertEquals(2, c.masters().size());
    assertEquals(5354, c.masters().get(0).address().getPort());
    assertEquals(53, c.masters().get(1).address().getPort(), "Designate's default master port");
    assertTrue(c.allowNotify().allows(InetAddress.getByName("198.51.100.77")));
    assertFalse(c.allowNotify().allows(InetAddress.getByName("192.0.2.10")));
    assertEquals(InetAddress.getByName("127.0.0.2"), c.transferSource().orElseThrow());
    assertEquals(Duration.ofSeconds(2), c.notifyDelay());
    assertEquals(Duration.ofMinutes(5), c.transferLimits().totalTimeout());
    assertEquals(1000, c.transferLimits().maxRecords());
    assertEquals("bind9", c.targets().get(0).driver());
    assertEquals("/srv/agent/zones", c.targets().get(0).settings().require("zone_file_path"));
    assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
  }

  @Test
  void emptyAllowNotifyMeansTheMastersOnly() throws Exception {
    AgentConfig c = load("[service:agent]\nmasters = 192.0.2.10:5354\n").config();
    assertTrue(c.allowNotify().allows(InetAddress.getByName("192.0.2.10")));
    assertFalse(c.allowNotify().allows(InetAddress.getByName("192.0.2.11")));
  }

  @Test
  void hostAndPortAreTheOldSpellingOfListen() throws Exception {
    AgentConfig c = load("[service:agent]\nhost = 127.0.0.1\nport = 6000\n").config();
    assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6000)), c.listen());
  }

  @Test
  void laterFilesWin() throws Exception {
    Path first = write("a.conf", "[service:agent]\nworkers = 2\ntcp_backlog = 9\n");
    Path second = write("b.conf", "[service:agent]\nworkers = 5\n");
    AgentConfig c = loader.load(List.of(first, second)).config();
    assertEquals(5, c.workers());
    assertEquals(9, c.tcpBacklog());
  }

  @Test
  void badValuesNameSectionOptionAndValue() {
    assertError(
        "[service:agent]\nworkers = many\n", "[service:agent] workers = many: not an integer");
    assertError(
        "[service:agent]\nlisten = 127.0.0.1:99999\n", "[service:agent] listen = 127.0.0.1:99999:");
    assertError(
        "[service:agent]\nallow_notify = example.org\n",
        "[service:agent] allow_notify = example.org:");
    assertError(
        "[service:agent]\ntcp_recv_timeout = soon\n",
        "[service:agent] tcp_recv_timeout = soon: not a duration");
    assertError(
        "[service:agent]\nbackend_driver = nope\n",
        "[service:agent] backend_driver = nope: unknown backend; available: bind9, files");
    assertError(
        "[service:agent]\nmasters = 192.0.2.1:53 key=missing\n",
        "[service:agent] masters = missing: no [tsigkey:missing]");
    assertError("[backend:agent:files]\nx = $nowhere\n", "refers to $nowhere");
  }

  @Test
  void unknownOptionsAreErrorsWithTheClosestName() throws Exception {
    Path file =
        write(
            "agent.conf",
            "[service:agent]\nwrokers = 2\n[backend:agent:files]\nzone_file_pth = /x\n");
    ConfigErrors e = assertThrows(ConfigErrors.class, () -> loader.load(List.of(file)));
    assertEquals(2, e.lines().size(), e.getMessage());
    assertTrue(
        e.lines()
            .get(0)
            .startsWith(file + ": [service:agent] wrokers: unknown option; did you mean workers?"),
        e.getMessage());
    assertTrue(
        e.lines()
            .get(1)
            .contains(
                "[backend:agent:files] zone_file_pth: unknown option; did you mean zone_file_path?"),
        e.getMessage());
  }

  @Test
  void aMisspeltTsigKeysIsAnErrorNotASilentlyOpenAgent() throws Exception {
    assertError(
        "[tsigkey:ctl]\nsecret = c2VjcmV0c2VjcmV0\n[service:agent]\ntsig_key = ctl\n",
        "[service:agent] tsig_key: unknown option; did you mean tsig_keys?");
  }

  @Test
  void designatesOwnOptionsAndSectionsAreAccepted() throws Exception {
    LoadedConfig loaded =
        load(
            """
            [DEFAULT]
            transport_url = rabbit://guest:guest@localhost:5672/
            log_dir = /var/log/designate
            root_helper = sudo designate-rootwrap /etc/designate/rootwrap.conf
            [service:api]
            listen = 0.0.0.0:9001
            [storage:sqlalchemy]
            connection = mysql+pymysql://designate:x@localhost/designate
            [keystone_authtoken]
            www_authenticate_uri = http://localhost:5000
            [service:agent]
            allow-notify = 192.0.2.7
            masters = 192.0.2.1
            """);
    assertEquals(List.of(), loaded.warnings());
    assertTrue(
        loaded.config().allowNotify().toString().contains("192.0.2.7"),
        loaded.config().allowNotify().toString());
  }

  @Test
  void sectionsNothingReadsAreWarnedAbout() throws Exception {
    LoadedConfig loaded =
        load(
            """
            [agent:bind9]
            rndc_host = 127.0.0.1
            [target:old]
            backend_driver = files
            [backend:agent:bind9]
            view = x
            [my:section]
            a = b
            """);
    assertEquals(4, loaded.warnings().size(), loaded.warnings().toString());
    assertTrue(
        loaded
            .warnings()
            .get(0)
            .startsWith(
                "[agent:bind9]: nothing reads this section (an old layout); the bind9 backend reads [backend:agent:bind9]"),
        loaded.warnings().toString());
    assertTrue(
        loaded.warnings().get(1).startsWith("[target:old]: not used"),
        loaded.warnings().toString());
    assertTrue(
        loaded
            .warnings()
            .get(2)
            .startsWith("[backend:agent:bind9]: not used (backend_driver is files)"),
        loaded.warnings().toString());
    assertEquals("[my:section]: nothing reads this section", loaded.warnings().get(3));
  }

  @Test
  void inactiveBackendSectionsAreCheckedAndTheirSecretsNeverShown() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load("[backend:agent:bind9]\npassword = hunter2\nviwe = x\n"));
    assertTrue(e.getMessage().contains("viwe: unknown option; did you mean view?"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void secretFileTakesBareBase64OrTheBlockTsigKeygenWrites() throws Exception {
    write("bare.key", "c2VjcmV0c2VjcmV0c2VjcmV0\n");
    write("block.key", "key \"ctl\" {\n\talgorithm hmac-sha512;\n\tsecret \"eGZyeGZyeGZy\";\n};\n");
    AgentConfig c =
        load("[tsigkey:xfr]\nsecret_file = %s\n[tsigkey:ctl]\nsecret_file = %s\n"
                .formatted(dir.resolve("bare.key"), dir.resolve("block.key")))
            .config();
    assertEquals("c2VjcmV0c2VjcmV0c2VjcmV0", c.tsigKeys().get("xfr").secret());
    assertEquals("hmac-sha256", c.tsigKeys().get("xfr").algorithm());
    assertEquals("eGZyeGZyeGZy", c.tsigKeys().get("ctl").secret());
    assertEquals("hmac-sha512", c.tsigKeys().get("ctl").algorithm(), "from the block");
    write("other.key", "key \"other\" { algorithm hmac-sha256; secret \"eGZyeGZyeGZy\"; };\n");
    assertError(
        "[tsigkey:ctl]\nsecret_file = %s\n".formatted(dir.resolve("other.key")),
        "the file holds key \"other\" but the section is [tsigkey:ctl]");
    write("junk.key", "this is not a key\n");
    assertError(
        "[tsigkey:ctl]\nsecret_file = %s\n".formatted(dir.resolve("junk.key")),
        "expected the bare base64 secret, or a BIND key block as tsig-keygen writes it");
  }

  @Test
  void typesAreCheckedFromTheSchema() throws Exception {
    assertError(
        "[service:agent]\nnotify_delay = soon\n",
        "[service:agent] notify_delay = soon: not a duration");
    assertError(
        "[tsigkey:k]\nalgorithm = hmac-sha3\nsecret = c2VjcmV0\n",
        "[tsigkey:k] algorithm = hmac-sha3: unknown TSIG algorithm; use one of hmac-md5, hmac-sha1");
    assertError(
        "[target:a]\nview = x\n[service:agent]\ntargets = a\n",
        "[target:a] backend_driver: is required");
  }

  @Test
  void tsigKeysAndRequireTsig() throws Exception {
    AgentConfig c =
        load("""
            [tsigkey:ctl]
            algorithm = hmac-sha512
            secret = c2VjcmV0c2VjcmV0c2VjcmV0
            [tsigkey:xfr]
            secret = eGZyeGZyeGZy
            [service:agent]
            tsig_keys = ctl
            masters = 127.0.0.1:5354 key=xfr
            """)
            .config();
    assertTrue(c.requireTsig(), "a configured key makes TSIG required by default");
    assertEquals("hmac-sha512", c.tsigKeys().get("ctl").algorithm());
    assertEquals("xfr", c.masters().get(0).key().orElseThrow().name());
    assertFalse(c.tsigKeys().get("ctl").toString().contains("c2Vj"), "toString hides the secret");
    assertError("[tsigkey:k]\nalgorithm = hmac-sha999\nsecret = eA==\n", "unknown TSIG algorithm");
    assertError(
        "[tsigkey:k]\nsecret = eA==\nsecret_file = /x\n",
        "set exactly one of secret and secret_file");
  }

  @Test
  void tsigKeyParsing() throws Exception {
    Path secretFile = write("xfr.secret", "eGZyLXNlY3JldC1mcm9tLWEtZmlsZQ==\n");
    AgentConfig c =
        load("""
                [tsigkey:plain]
                secret = cGxhaW4tc2VjcmV0
                [tsigkey:old-peer]
                algorithm = HMAC-MD5.SIG-ALG.REG.INT
                secret = b2xkLXBlZXI=
                [tsigkey:xfr]
                algorithm = hmac-sha384
                secret_file = %s
                [service:agent]
                tsig_keys = plain, old-peer
                require_tsig = false
                masters = 127.0.0.1:5354 key=xfr, 127.0.0.2
                """
                .formatted(secretFile))
            .config();
    assertEquals("hmac-sha256", c.tsigKeys().get("plain").algorithm(), "the default algorithm");
    assertEquals("hmac-md5", c.tsigKeys().get("old-peer").algorithm());
    assertEquals("eGZyLXNlY3JldC1mcm9tLWEtZmlsZQ==", c.tsigKeys().get("xfr").secret());
    assertEquals("hmac-sha384", c.masters().get(0).key().orElseThrow().algorithm());
    assertTrue(c.masters().get(1).key().isEmpty());
    assertFalse(c.requireTsig(), "require_tsig = false is honoured");
    for (String algorithm : List.of("hmac-sha1", "hmac-sha224", "hmac-sha512")) {
      String text = "[tsigkey:k]\nalgorithm = " + algorithm + "\nsecret = a2V5\n";
      assertEquals(algorithm, load(text).config().tsigKeys().get("k").algorithm());
    }
    assertError("[tsigkey:k]\nsecret = not*base64\n", "not valid base64");
    assertError("[tsigkey:k]\nalgorithm = hmac-sha256\n", "set exactly one");
    assertError("[tsigkey:k]\nsecret_file = " + dir.resolve("missing") + "\n", "cannot read");
    assertError("[service:agent]\ntsig_keys = nope\n", "no [tsigkey:nope] section");
    assertError("[service:agent]\nmasters = 127.0.0.1 key=nope\n", "no [tsigkey:nope] section");
    assertError("[service:agent]\nrequire_tsig = true\n", "no keys listed");
  }

  @Test
  void secretsNeverAppearInErrorsOrStrings() throws Exception {
    String secret = "dG9wLXNlY3JldC12YWx1ZQ==";
    AgentConfig c = load("[tsigkey:k]\nsecret = " + secret + "\n").config();
    assertFalse(c.toString().contains(secret), "AgentConfig.toString shows no secret");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load("[tsigkey:k]\nalgorithm = hmac-sha9\nsecret = " + secret + "\n"));
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void targetKeysAloneMakeTsigRequired() throws Exception {
    AgentConfig c =
        load("""
            [tsigkey:inside]
            secret = aW5zaWRl
            [tsigkey:outside]
            secret = b3V0c2lkZQ==
            [service:agent]
            targets = internal, external
            [target:internal]
            backend_driver = files
            tsig_keys = inside
            [target:external]
            backend_driver = files
            tsig_keys = outside
            """)
            .config();
    assertTrue(c.requireTsig(), "keys listed only for targets still make TSIG required");
    assertTrue(c.acceptedKeys().isEmpty());
    assertError(
        "[service:agent]\ntargets = t\n[target:t]\nbackend_driver = files\ntsig_keys = nope\n",
        "no [tsigkey:nope] section");
  }

  @Test
  void severalTargetsEachWithItsSection() throws Exception {
    AgentConfig c =
        load("""
            [tsigkey:internal]
            secret = aW50ZXJuYWw=
            [service:agent]
            targets = inside, outside
            [target:inside]
            backend_driver = bind9
            tsig_keys = internal
            view = internal
            [target:outside]
            backend_driver = files
            """)
            .config();
    assertEquals(
        List.of("inside", "outside"), c.targets().stream().map(TargetConfig::name).toList());
    assertEquals(List.of("internal"), c.targets().get(0).tsigKeys());
    assertEquals("internal", c.targets().get(0).settings().require("view"));
    assertTrue(c.targets().get(0).settings().get("backend_driver").isEmpty());
  }

  @Test
  void targetsMayHaveTheirOwnMastersAndTheirKeysMakeTsigRequired() throws Exception {
    LoadedConfig loaded =
        load(
            """
            [tsigkey:k1]
            secret = azE=
            [tsigkey:k2]
            secret = azI=
            [service:agent]
            masters = 192.0.2.10:5354
            targets = internal, external, plain
            [target:internal]
            backend_driver = bind9
            tsig_keys = k1
            masters = 192.0.2.21:5354 key=k1, 192.0.2.22
            [target:external]
            backend_driver = bind9
            tsig_keys = k2
            masters = 198.51.100.31:5354
            [target:plain]
            backend_driver = files
            """);
    assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
    AgentConfig c = loaded.config();
    TargetConfig internal = c.targets().get(0);
    assertEquals(
        List.of("192.0.2.21:5354 key=k1", "192.0.2.22:53"),
        c.mastersOf(internal).stream().map(Object::toString).toList());
    assertEquals(
        List.of("198.51.100.31:5354"),
        c.mastersOf(c.targets().get(1)).stream().map(Object::toString).toList());
    assertEquals(c.masters(), c.mastersOf(c.targets().get(2)), "no masters: the agent's");
    assertTrue(internal.settings().get("masters").isEmpty(), "not passed on to the backend");
    for (String master : List.of("192.0.2.10", "192.0.2.21", "192.0.2.22", "198.51.100.31")) {
      assertTrue(c.allowNotify().allows(InetAddress.getByName(master)), master);
    }
    assertTrue(c.requireTsig(), "keys of targets make TSIG required by default");
    assertEquals(List.of(), c.acceptedKeys());

    assertTrue(
        load("[tsigkey:k1]\nsecret = azE=\n[service:agent]\nrequire_tsig = true\ntargets = a\n"
                + "[target:a]\nbackend_driver = files\ntsig_keys = k1\n")
            .config()
            .requireTsig());
    assertError(
        "[service:agent]\ntargets = a\n[target:a]\nbackend_driver = files\n"
            + "masters = 192.0.2.1 key=nope\n",
        "[target:a] masters = nope: no [tsigkey:nope] section");
    assertError(
        "[service:agent]\nrequire_tsig = true\n",
        "[service:agent] require_tsig = true: no keys listed in tsig_keys");
  }

  private void assertError(String text, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(text));
    assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
  }

  private LoadedConfig load(String text) throws IOException {
    return loader.load(List.of(write("agent.conf", text)));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** A factory that only declares options; these tests never create backends. */
  private record Fake(String name) implements BackendFactory {
    @Override
    public List<OptionSpec> options() {
      return List.of(
          OptionSpec.of("zone_file_path", OptionSpec.Type.PATH, null, "zones"),
          OptionSpec.of("view", OptionSpec.Type.STRING, null, "view"),
          OptionSpec.of("password", OptionSpec.Type.STRING, null, "a secret").asSecret());
    }

    @Override
    public Backend create(BackendSettings settings, BackendContext context) {
      throw new UnsupportedOperationException();
    }
  }
}
