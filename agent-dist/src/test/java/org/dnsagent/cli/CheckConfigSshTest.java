// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.servers.SshdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config with a backend on a remote host ({@code ssh_*} options). */
class CheckConfigSshTest {
  @TempDir Path dir;

  private Path conf(String filesOptions) throws Exception {
    return Files.writeString(
        dir.resolve("agent.conf"),
        """
        [DEFAULT]
        state_path = %s
        [service:agent]
        masters = 127.0.0.1:5354
        [backend:agent:files]
        zone_file_path = %s
        %s
        """
            .formatted(dir.resolve("state"), dir.resolve("remote-zones"), filesOptions));
  }

  private static void assertOneLine(CliRun run, String expected) {
    assertEquals(2, run.exitCode(), run.out() + run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run.err());
    assertTrue(lines.get(0).contains(expected), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void sshOptionsWithoutSshHost() throws Exception {
    CliRun run = CliRun.of("check-config", "--config-file", conf("ssh_port = 2222").toString());
    assertOneLine(run, "[backend:agent:files] ssh_port = 2222: set ssh_host too, or remove this");
  }

  @Test
  void anUnreadableKey() throws Exception {
    Path known = Files.writeString(dir.resolve("known_hosts"), "");
    Path key = Files.writeString(dir.resolve("id"), "not a key\n");
    String options =
        "ssh_host = 127.0.0.1\nssh_user = dns\nssh_key_file = %s\nssh_known_hosts_file = %s"
            .formatted(key, known);
    CliRun run = CliRun.of("check-config", "--config-file", conf(options).toString());
    assertOneLine(run, "[backend:agent:files] ssh_key_file = " + key + ": not a private key");
  }

  @Test
  void connectLogsInAndStartsTheBackendThere() throws Exception {
    try (SshdServer sshd = SshdServer.start()) {
      StringBuilder options = new StringBuilder();
      for (Map.Entry<String, String> o : sshd.backendOptions().entrySet()) {
        options.append(o.getKey()).append(" = ").append(o.getValue()).append('\n');
      }
      CliRun run =
          CliRun.of(
              "check-config", "--connect", "--config-file", conf(options.toString()).toString());
      // No master answers here: that is the one problem; the target itself started over SSH.
      List<String> problems = run.err().lines().toList();
      assertEquals(1, problems.size(), run.err());
      assertTrue(problems.get(0).contains("master 127.0.0.1:5354"), run.err());
      assertTrue(Files.isDirectory(dir.resolve("remote-zones")), "started over SSH");
      assertTrue(sshd.log().contains("Accepted publickey"), sshd.log());
    }
  }
}
