// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.SshdServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The agent, configured with {@code ssh_host} in its backend's section, keeps the zones of the
 * {@code files} backend on the "remote" host over SSH (a real sshd on loopback; the remote host is
 * this one) and runs the reload command there.
 */
class SshAgentTest {
  @TempDir Path dir;

  @Test
  void aBackendSectionWithSshHostWorksOnTheRemoteHost() throws Exception {
    Path remote = dir.resolve("remote-zones");
    Path log = dir.resolve("reloads.log");
    Path script = Files.writeString(dir.resolve("reload.sh"), "#!/bin/sh\necho \"$1\" >> " + log);
    assertTrue(script.toFile().setExecutable(true, true));
    try (SshdServer sshd = SshdServer.start()) {
      StringBuilder section = new StringBuilder("\n[backend:agent:files]\n");
      section.append("zone_file_path = ").append(remote).append('\n');
      section.append("reload_command = ").append(script).append('\n');
      for (Map.Entry<String, String> option : sshd.backendOptions().entrySet()) {
        section.append(option.getKey()).append(" = ").append(option.getValue()).append('\n');
      }
      Name zone = TestZones.name("over-ssh.test.");
      try (AgentFixture f = AgentFixture.start(dir.resolve("agent"), section.toString(), true)) {
        f.publish(zone, 100, 5);
        AgentResponse created = f.client().create(zone);
        assertTrue(created.succeeded(), created.describe());
        Path file = ZoneFiles.pathFor(remote, zone, ".zone");
        assertEquals(100, ZoneFiles.readSoa(file, zone).orElseThrow().getSerial());
        AgentResponse deleted = f.client().delete(zone);
        assertTrue(deleted.succeeded(), deleted.describe());
        assertFalse(Files.exists(file));
      }
      assertEquals("over-ssh.test\nover-ssh.test\n", Files.readString(log));
      assertTrue(
          sshd.log().contains("Accepted publickey for " + sshd.user()),
          "the agent logged in over SSH");
    }
  }
}
