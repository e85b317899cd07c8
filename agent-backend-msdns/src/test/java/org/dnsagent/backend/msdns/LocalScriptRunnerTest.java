// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.backend.msdns.PowerShellScripts.Api;
import org.dnsagent.spi.BackendException;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local transport against a stand-in {@code powershell} (a shell script in the test's temp
 * directory) that records its arguments and stdin and answers one result line per script.
 */
class LocalScriptRunnerTest {
  static final String RESULT = "{\"zone\":\".\",\"ok\":true,\"error\":null,\"serial\":null}";
  static final Pattern FRAMED =
      Pattern.compile(
          "try \\{ & \\(\\[scriptblock\\]::Create\\(\\[Text\\.Encoding\\]::UTF8\\.GetString"
              + "\\(\\[Convert\\]::FromBase64String\\('([A-Za-z0-9+/=]+)'\\)\\)\\)\\); "
              + "\\$dnsAgentStatus = 0 \\} catch \\{ \\[Console\\]::Error\\.WriteLine"
              + "\\(\\$_\\.Exception\\.Message\\); \\$dnsAgentStatus = 1 \\}; "
              + "\\[Console\\]::Out\\.WriteLine\\('<<dns-agent-end ([0-9a-f-]{36}) ' \\+ "
              + "\\$dnsAgentStatus \\+ '>>'\\)");

  @TempDir Path dir;

  Path standIn(String name, String body) throws Exception {
    Path program = dir.resolve(name);
    Files.writeString(program, "#!/bin/sh\nD='" + dir + "'\n" + body);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    return program;
  }

  Path once() throws Exception {
    return standIn(
        "once.sh",
        "printf '%s\\n' \"$@\" > \"$D/args\"\n"
            + "cat >> \"$D/stdin\"\n"
            + "printf '%s\\r\\n' '"
            + RESULT
            + "'\n");
  }

  Path reused() throws Exception {
    return standIn(
        "reused.sh",
        "printf '%s\\n' \"$@\" > \"$D/args\"\n"
            + "echo $$ >> \"$D/pids\"\n"
            + "while IFS= read -r line; do\n"
            + "  printf '%s\\n' \"$line\" >> \"$D/stdin\"\n"
            + "  nonce=$(printf '%s' \"$line\" | sed -n 's/.*<<dns-agent-end \\([0-9a-f-]*\\) .*/\\1/p')\n"
            + "  printf '%s\\r\\n' '"
            + RESULT
            + "'\n"
            + "  printf '<<dns-agent-end %s 0>>\\r\\n' \"$nonce\"\n"
            + "done\n");
  }

  @Test
  void oneProcessPerScriptGetsTheScriptOnStdin() throws Exception {
    PsScript script =
        new PowerShellScripts(Api.DNSSERVER).delete(List.of(TestZones.name("-oops.example.")));
    try (LocalScriptRunner runner = new LocalScriptRunner(once().toString(), false)) {
      ScriptRunner.Output output = runner.run(script, Duration.ofSeconds(30));
      assertEquals(0, output.exitCode());
      assertEquals(RESULT + "\r\n", output.stdout());
    }
    assertEquals(
        List.of("-NoProfile", "-NonInteractive", "-Command", "-"),
        Files.readAllLines(dir.resolve("args")));
    String stdin = Files.readString(dir.resolve("stdin"));
    assertEquals(
        "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('"
            + Base64.getEncoder().encodeToString(script.text().getBytes(StandardCharsets.UTF_8))
            + "'))))\n",
        stdin);
  }

  @Test
  void oneReusedProcessRunsScriptAfterScript() throws Exception {
    PowerShellScripts scripts = new PowerShellScripts(Api.WMI);
    List<PsScript> sent =
        List.of(
            scripts.health(),
            scripts.soa(List.of(TestZones.name("a.example."))),
            scripts.inventory());
    try (LocalScriptRunner runner = new LocalScriptRunner(reused().toString(), true)) {
      for (PsScript script : sent) {
        ScriptRunner.Output output = runner.run(script, Duration.ofSeconds(30));
        assertEquals(0, output.exitCode());
        assertEquals(RESULT + "\n", output.stdout());
      }
    }
    assertEquals(1, Files.readAllLines(dir.resolve("pids")).size(), "one process for all");
    List<String> lines = Files.readAllLines(dir.resolve("stdin"));
    assertEquals(sent.size(), lines.size());
    for (int i = 0; i < sent.size(); i++) {
      Matcher m = FRAMED.matcher(lines.get(i));
      assertTrue(m.matches(), lines.get(i));
      assertEquals(
          sent.get(i).text(),
          new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aSilentProcessIsUnavailableAndReplaced() throws Exception {
    Path silent = standIn("silent.sh", "echo $$ >> \"$D/pids\"\nexec sleep 600\n");
    PsScript script = new PowerShellScripts(Api.DNSSERVER).health();
    try (LocalScriptRunner runner = new LocalScriptRunner(silent.toString(), true)) {
      for (int i = 0; i < 2; i++) {
        BackendException e =
            assertThrows(BackendException.class, () -> runner.run(script, Duration.ofSeconds(1)));
        assertEquals(BackendException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
      }
    }
    assertEquals(2, Files.readAllLines(dir.resolve("pids")).size(), "restarted after a hang");
  }

  @Test
  void aMissingProgramIsMisconfigured() {
    try (LocalScriptRunner runner =
        new LocalScriptRunner(dir.resolve("no-such-powershell").toString(), false)) {
      BackendException e =
          assertThrows(
              BackendException.class,
              () ->
                  runner.run(new PowerShellScripts(Api.DNSSERVER).health(), Duration.ofSeconds(5)));
      assertEquals(BackendException.Kind.MISCONFIGURED, e.kind());
      assertTrue(e.getMessage().contains("powershell_path"), e.getMessage());
    }
  }

  /**
   * One process per script against one reused process, with the stand-in (a shell, so the cost of
   * starting it is far below powershell.exe's): printed, not asserted.
   */
  @Test
  void measureOneProcessPerScriptAgainstAReusedOne() throws Exception {
    PsScript script =
        new PowerShellScripts(Api.DNSSERVER).soa(List.of(TestZones.name("m.example.")));
    int n = 40;
    long once;
    try (LocalScriptRunner runner = new LocalScriptRunner(once().toString(), false)) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        runner.run(script, Duration.ofSeconds(30));
      }
      once = System.nanoTime() - start;
    }
    long reusedTime;
    try (LocalScriptRunner runner = new LocalScriptRunner(reused().toString(), true)) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        runner.run(script, Duration.ofSeconds(30));
      }
      reusedTime = System.nanoTime() - start;
    }
    System.out.printf(
        "msdns local transport, %d scripts: one process each %.2f ms/script, reused %.2f ms/script%n",
        n, once / 1e6 / n, reusedTime / 1e6 / n);
    assertTrue(once > 0 && reusedTime > 0);
  }
}
