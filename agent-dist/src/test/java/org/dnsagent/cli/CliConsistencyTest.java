// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.core.config.IniConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 items 2, 3, 8: one path for errors, a global {@code --config-file} that means the same
 * everywhere, help texts that match the docs, and the launcher's heap bound.
 */
class CliConsistencyTest {
  private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";

  @TempDir Path dir;

  private Path conf(String extra) throws Exception {
    return Files.writeString(
        dir.resolve("a.conf"),
        """
        [DEFAULT]
        state_path = %s
        [service:agent]
        masters = 127.0.0.1:5354
        admin_socket = %s
        %s
        """
            .formatted(dir.resolve("state"), dir.resolve("no-agent.sock"), extra));
  }

  @Test
  void configFileBeforeTheSubcommandIsHonoured() throws Exception {
    Path conf = conf("");
    CliRun check = CliRun.of("--config-file", conf.toString(), "check-config");
    assertEquals(0, check.exitCode(), check.err());
    assertTrue(check.out().startsWith("# files: [" + conf + "]"), check.out());
    assertTrue(check.out().contains("state_path = " + dir.resolve("state")), check.out());

    // status goes to the admin socket a.conf names, not to the default place.
    CliRun status = CliRun.of("--config-file", conf.toString(), "status", "--timeout", "2");
    assertEquals(AdminOptions.UNREACHABLE, status.exitCode(), status.err());
    assertTrue(status.err().contains(dir.resolve("no-agent.sock").toString()), status.err());

    CliRun ops = CliRun.of("--config-file", conf.toString(), "ops", "list", "--timeout", "2");
    assertEquals(AdminOptions.UNREACHABLE, ops.exitCode(), ops.err());
    assertTrue(ops.err().contains(dir.resolve("no-agent.sock").toString()), ops.err());
  }

  @Test
  void configFileIsRejectedWhereNothingReadsIt() throws Exception {
    Path conf = conf("");
    CliRun master =
        CliRun.of("--config-file", conf.toString(), "master", "--zones-dir", dir.toString());
    assertEquals(2, master.exitCode());
    assertTrue(
        master.err().contains("--config-file does not apply to 'dns-agent master'"), master.err());
  }

  @Test
  void helpTextsMatchTheDocs() {
    String root = help("--help");
    assertTrue(root.contains("(default: /etc/dns-agent/dns-agent.conf"), root);
    assertTrue(root.contains("Serve a directory's zone files as a DNS primary and NOTIFY"), root);
    assertTrue(root.contains("secondaries when a serial increases."), root);
    String poolTarget = help("pool-target", "--help");
    assertTrue(poolTarget.contains("create, delete, update or notify"), poolTarget);
    assertTrue(poolTarget.contains("--tsig-key-file=FILE"), poolTarget);
    assertTrue(help("master", "--help").contains("--tsig-key-file=FILE"));
  }

  private static String help(String... args) {
    StringWriter out = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertEquals(0, cli.execute(args));
    return out.toString();
  }

  @Test
  void anAddressInUseNamesTheAddressAndTheProtocol() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      Path conf = conf("listen = " + address);
      CliRun run =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60), () -> CliRun.of("run", "--config-file", conf.toString()));
      assertEquals(2, run.exitCode(), run.err());
      // (the log lines of start-up come first)
      List<String> lines = run.err().lines().filter(l -> l.startsWith("dns-agent")).toList();
      assertEquals(1, lines.size(), run.err());
      assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
      assertEquals(
          "dns-agent: cannot start: address already in use: "
              + address
              + " (UDP); stop what holds it, or change listen",
          lines.get(0));
    }
  }

  @Test
  void aJournalThatCannotBeWrittenSaysPermissionDenied() throws Exception {
    AgentConfig config =
        new AgentConfigLoader(BackendRegistry.discover())
            .load(IniConfigReader.read(List.of(conf(""))))
            .config();
    Path lock = dir.resolve("state/journal/lock");
    String line =
        StartFailure.describe(
            new AgentStartException(
                "cannot start: " + lock, new AccessDeniedException(lock.toString())),
            config);
    assertEquals(
        "permission denied: "
            + lock
            + " (state_path = "
            + dir.resolve("state")
            + "): the agent's user must be able to write there",
        line);
  }

  @Test
  void configurationErrorsAreOneLineWithoutAStackUnlessDebug() throws Exception {
    Path conf = conf("workers = many\ntsig_key = ctl");
    CliRun run = CliRun.of("run", "--config-file", conf.toString());
    assertEquals(2, run.exitCode());
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).endsWith("[service:agent] workers = many: not an integer"), run.err());
    assertTrue(lines.get(0).startsWith("dns-agent: configuration error: " + conf + ": "));
    assertTrue(lines.get(1).contains("tsig_key: unknown option; did you mean tsig_keys?"));
    CliRun debug = CliRun.of("--debug", "run", "--config-file", conf.toString());
    assertEquals(2, debug.exitCode());
    assertTrue(debug.err().contains("\tat org.dnsagent."), "--debug shows the stack");
  }

  @Test
  void opsShowsTimesToTheSecond() {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("id", 7L);
    op.put("created", "2026-12-01T02:10:03.123456789Z");
    StringWriter out = new StringWriter();
    OpsFormat.one(op, new PrintWriter(out, true));
    assertTrue(out.toString().contains("created:      2026-12-01T02:10:03Z"), out.toString());
    assertFalse(out.toString().contains(".123456789"), out.toString());
  }

  @Test
  void theLauncherBoundsTheHeapUnlessTheEnvironmentDoes() throws Exception {
    Path fakeJava =
        Files.writeString(
            dir.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    assertTrue(fakeJava.toFile().setExecutable(true));
    assertTrue(launch(fakeJava, Map.of()).contains("-Xmx256m"));
    List<String> own = launch(fakeJava, Map.of("DNS_AGENT_JAVA_OPTS", "-Xmx1g -Dx=y"));
    assertTrue(own.contains("-Xmx1g") && own.contains("-Dx=y"), own.toString());
    assertFalse(own.contains("-Xmx256m"), own.toString());
    List<String> percent = launch(fakeJava, Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=10"));
    assertFalse(percent.contains("-Xmx256m"), percent.toString());
    List<String> other = launch(fakeJava, Map.of("JAVA_OPTS", "-Dfoo=bar"));
    assertTrue(other.contains("-Xmx256m") && other.contains("-Dfoo=bar"), other.toString());
    assertEquals("org.dnsagent.cli.Main", other.get(other.size() - 2));
    assertEquals("status", other.get(other.size() - 1));
  }

  private static List<String> launch(Path java, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("sh", Path.of("src/main/dist/bin/dns-agent").toString(), "status");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("DNS_AGENT_JAVA_OPTS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().put("JAVA", java.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void poolTargetReadsItsKeyFromAFile() throws Exception {
    Path bare = Files.writeString(dir.resolve("bare.key"), SECRET + "\n");
    CliRun noName =
        CliRun.of(
            "pool-target",
            "create",
            "ex.test.",
            "--agent",
            "127.0.0.1:9",
            "--tsig-key-file",
            bare.toString());
    assertEquals(2, noName.exitCode());
    assertTrue(noName.err().contains("use the key block tsig-keygen writes"), noName.err());
    Path block =
        Files.writeString(
            dir.resolve("ctl.key"),
            "key \"ctl\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
    int closed = org.dnsagent.testing.servers.FreePorts.tcpAndUdp();
    CliRun signed =
        CliRun.of(
            "pool-target",
            "create",
            "ex.test.",
            "--agent",
            "127.0.0.1:" + closed,
            "--tsig-key-file",
            block.toString(),
            "--retries",
            "1",
            "--retry-interval",
            "0",
            "--timeout",
            "0.3",
            "--no-poll");
    assertEquals(
        1, signed.exitCode(), "the key is taken, the (absent) agent fails: " + signed.err());
  }
}
