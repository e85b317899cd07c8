// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 1: check-config catches what start-up would reject, one line each. */
class CheckConfigBuildsTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";
  private static final String VIEW_SECRET = "dmlldy1zZWNyZXQtdmlldy1zZWNyZXQ=";

  @TempDir Path dir;

  private Path conf(String bind9Options) throws Exception {
    Path key =
        Files.writeString(
            dir.resolve("rndc.key"),
            "key \"rndc-key\" { algorithm hmac-sha256; secret \"" + SECRET + "\"; };\n");
    return Files.writeString(
        dir.resolve("agent.conf"),
        """
        [DEFAULT]
        state_path = %s
        [service:agent]
        masters = 127.0.0.1:5354
        backend_driver = bind9
        [backend:agent:bind9]
        rndc_key_file = %s
        %s
        """
            .formatted(dir.resolve("state"), key, bind9Options));
  }

  private CliRun check(String bind9Options) throws Exception {
    return CliRun.of("check-config", "--config-file", conf(bind9Options).toString());
  }

  private static void assertOneLine(CliRun run, String expected) {
    assertEquals(2, run.exitCode(), run.out() + run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith("dns-agent: configuration error: "), run.err());
    assertTrue(lines.get(0).contains(expected), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertFalse(run.out().contains("configuration OK"), run.out());
  }

  @Test
  void aValidBind9TargetPasses() throws Exception {
    CliRun run = check("query_tsig_key = view:hmac-sha256:" + VIEW_SECRET);
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("rndc_timeout = 10   # default"), run.out());
    assertTrue(run.out().contains("query_tsig_key = ****"), run.out());
    assertFalse(run.out().contains(VIEW_SECRET), run.out());
  }

  @Test
  void aMissingRndcKeyFile() throws Exception {
    Path conf = conf("");
    Files.delete(dir.resolve("rndc.key"));
    CliRun run = CliRun.of("check-config", "--config-file", conf.toString());
    assertOneLine(
        run,
        conf
            + ": [backend:agent:bind9] rndc_key_file = "
            + dir.resolve("rndc.key")
            + ": cannot read: no such file");
  }

  @Test
  void anUnknownTransport() throws Exception {
    assertOneLine(
        check("rndc_transport = grpc"),
        "[backend:agent:bind9] rndc_transport = grpc: must be one of native, exec");
  }

  @Test
  void anUnknownZoneMode() throws Exception {
    assertOneLine(
        check("zone_mode = tertiary"),
        "[backend:agent:bind9] zone_mode = tertiary: must be one of primary, secondary");
  }

  @Test
  void aTimeoutThatIsNotADuration() throws Exception {
    assertOneLine(
        check("rndc_timeout = ten"), "[backend:agent:bind9] rndc_timeout = ten: not a duration");
  }

  @Test
  void aMissingQueryKeyFile() throws Exception {
    assertOneLine(
        check("query_tsig_key_file = " + dir.resolve("view.key")),
        "[backend:agent:bind9] query_tsig_key_file = "
            + dir.resolve("view.key")
            + ": cannot read: no such file");
  }

  @Test
  void noMastersIsAnError() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            "[DEFAULT]\nstate_path = " + dir.resolve("state") + "\n[service:agent]\n");
    CliRun run = CliRun.of("check-config", "--config-file", conf.toString());
    assertOneLine(run, "[service:agent] masters: no masters");
  }

  @Test
  void noConfigurationFileIsAnError() {
    assumeFalse(Files.exists(ConfigOptions.DEFAULT_CONFIG), "this machine has a configuration");
    CliRun run = CliRun.of("check-config");
    assertOneLine(run, "no configuration file: /etc/dns-agent/dns-agent.conf does not exist");
  }

  @Test
  void typedValuesAndWhichKeysAreAccepted() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            """
            [DEFAULT]
            state_path = %s
            [service:agent]
            masters = 127.0.0.1:5354 key=xfr
            tsig_keys = ctl
            notify_delay = 1500ms
            reconcile_interval = 10m
            [tsigkey:ctl]
            secret = %s
            [tsigkey:xfr]
            secret = %s
            [backend:agent:bind9]
            query_tsig_key = view:hmac-sha256:%s
            """
                .formatted(dir.resolve("state"), SECRET, SECRET, VIEW_SECRET));
    CliRun run = CliRun.of("check-config", "--config-file", conf.toString());
    assertEquals(0, run.exitCode(), run.err());
    String out = run.out();
    assertTrue(out.contains("notify_delay = 1.5\n"), out);
    assertTrue(out.contains("reconcile_interval = 600\n"), out);
    assertTrue(out.contains("transfer_timeout = 600   # default"), out);
    assertFalse(out.contains("PT"), out);
    assertTrue(
        out.contains(
            "CREATE, DELETE: signed with ctl; NOTIFY: signed with ctl, or xfr from"
                + " 127.0.0.1:5354; unsigned requests refused"),
        out);
    // The bind9 section is not in use (backend_driver is files): its secret is masked all the same.
    assertTrue(out.contains("# warning: [backend:agent:bind9]: not used"), out);
    assertTrue(out.contains("query_tsig_key = ****"), out);
    assertFalse(out.contains(VIEW_SECRET), out);
    assertFalse(out.contains(SECRET), out);
  }

  @Test
  void connectReportsAnUnreachableMasterAndBackend() throws Exception {
    int closed = org.dnsagent.testing.servers.FreePorts.tcp();
    Path conf =
        Files.writeString(
            dir.resolve("agent.conf"),
            """
            [DEFAULT]
            state_path = %s
            [service:agent]
            masters = 127.0.0.1:%d
            soa_query_timeout = 0.5
            backend_driver = bind9
            [backend:agent:bind9]
            rndc_key_file = %s
            rndc_port = %d
            rndc_timeout = 1
            """
                .formatted(
                    dir.resolve("state"),
                    closed,
                    Files.writeString(
                        dir.resolve("rndc.key"),
                        "key k { algorithm hmac-sha256; secret \"" + SECRET + "\"; };\n"),
                    closed));
    CliRun plain = CliRun.of("check-config", "--config-file", conf.toString());
    assertEquals(0, plain.exitCode(), "without --connect no server is contacted: " + plain.err());
    CliRun run = CliRun.of("check-config", "--connect", "--config-file", conf.toString());
    assertEquals(2, run.exitCode(), run.out());
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).contains("target default (bind9): "), run.err());
    assertTrue(
        lines.get(1).contains("master 127.0.0.1:" + closed + ": no answer to an SOA query"),
        run.err());
  }
}
