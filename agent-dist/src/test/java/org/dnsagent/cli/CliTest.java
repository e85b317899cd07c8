// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.exit());
    for (String command : List.of("run", "check-config", "pool-target", "master")) {
      assertTrue(r.out().contains(command), r.out());
    }
  }

  @Test
  void checkConfigPrintsEffectiveSettingsWithSecretsMasked() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            "[DEFAULT]\nstate_path = /srv/x\n[service:agent]\nmasters = 192.0.2.1:5354\ntsig_keys = ctl\n"
                + "[tsigkey:ctl]\nsecret = dG9wLXNlY3JldC12YWx1ZQ==\n[backend:agent:files]\n"
                + "zone_file_path = $state_path/zones\n");
    Run r = run("check-config", "--config-file", conf.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("secret = ****"), r.out());
    assertFalse(r.out().contains("dG9wLXNlY3JldC12YWx1ZQ=="), "the secret never appears");
    assertTrue(r.out().contains("zone_file_path = /srv/x/zones"), r.out());
    assertTrue(r.out().contains("# allow_notify = [192.0.2.1]"), r.out());
    assertTrue(r.out().contains("require_tsig = true"), r.out());
  }

  @Test
  void checkConfigRejectsBadValuesNamingThem() throws Exception {
    Path conf = Files.writeString(dir.resolve("bad.conf"), "[service:agent]\nworkers = many\n");
    Run r = run("check-config", "--config-file", conf.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("[service:agent] workers = many: not an integer"), r.err());
  }

  @Test
  void poolTargetDrivesAnAgentAndReportsFailure() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(zones, TestZones.name("cli.test."), 4, 2);
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(zones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      master.start();
      int port = FreePorts.tcpAndUdp();
      Path conf =
          Files.writeString(
              dir.resolve("agent.conf"),
              "[DEFAULT]\nstate_path = "
                  + dir.resolve("state")
                  + "\n[service:agent]\nlisten = 127.0.0.1:"
                  + port
                  + "\nmasters = 127.0.0.1:"
                  + master.port()
                  + "\nallow_notify = 127.0.0.1\n");
      BackendRegistry registry = BackendRegistry.discover();
      try (Agent agent =
          Agent.start(new AgentConfigLoader(registry).load(List.of(conf)).config(), registry)) {
        assertEquals(port, agent.udpAddresses().get(0).getPort());
        Run ok = run("pool-target", "create", "cli.test.", "--agent", "127.0.0.1:" + port);
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("CREATE cli.test. on pool command-line: SUCCESS"), ok.out());
        assertTrue(ok.out().contains("NOERROR+AA"), ok.out());
        assertTrue(Files.exists(dir.resolve("state/zones/cli.test.zone")));
        Run missing =
            run(
                "pool-target",
                "create",
                "absent.test.",
                "--agent",
                "127.0.0.1:" + port,
                "--retries",
                "2",
                "--retry-interval",
                "0.05");
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("SERVFAIL"), missing.out());
      }
      Run down =
          run(
              "pool-target",
              "delete",
              "cli.test.",
              "--agent",
              "127.0.0.1:" + port,
              "--retries",
              "1",
              "--timeout",
              "0.3");
      assertEquals(1, down.exit());
      assertTrue(down.out().contains("port unreachable"), down.out());
    }
  }

  @Test
  void badArgumentsGiveAShortError() {
    Run r = run("pool-target", "explode", "x.", "--agent", "127.0.0.1");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Try 'dns-agent pool-target --help'"), r.err());
  }
}
