// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ZoneNames;
import org.dnsagent.ssh.SshHostAccess;
import org.dnsagent.ssh.SshSettings;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.contract.RemoteContext;
import org.dnsagent.testing.servers.SshdServer;
import org.xbill.DNS.Name;

/**
 * The backend contract for {@code files} on a remote host: the zone directory is reached over SSH
 * (a real sshd on loopback; the "remote" host is this one). The server is unavailable while sshd is
 * stopped, which drops the agent's connection too.
 */
class FilesSshContractTest extends BackendContract {
  private static final Name HAND = TestZones.name("hand.example.");

  private SshdServer sshd;
  private SshHostAccess host;
  private Map<String, String> options;

  @Override
  protected void startServer() throws Exception {
    sshd = SshdServer.start();
    Path zones = Files.createDirectories(directory().resolve("remote-zones"));
    Files.writeString(zones.resolve(ZoneNames.fileName(HAND, ".zone")), handZoneText(HAND));
    options = new LinkedHashMap<>(sshd.backendOptions());
    options.put("ssh_timeout", "2");
    options.put("zone_file_path", zones.toString());
    BackendSettings settings = new BackendSettings("backend:agent:files", options);
    host = new SshHostAccess(SshSettings.from(settings).orElseThrow(), settings.section());
  }

  @Override
  protected void stopServer() {
    if (host != null) {
      host.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return new FilesBackendFactory()
        .create(
            new BackendSettings("backend:agent:files", options), new RemoteContext(context, host));
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.empty();
  }

  @Override
  protected Name handConfiguredZone() {
    return HAND;
  }

  @Override
  protected void makeUnavailable() {
    sshd.stop();
  }

  @Override
  protected void makeAvailable() {
    sshd.restart();
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(2);
  }
}
