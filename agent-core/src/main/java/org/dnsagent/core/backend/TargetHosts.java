// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.backend;

import java.util.Optional;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.LocalHostAccess;
import org.dnsagent.ssh.SshHostAccess;
import org.dnsagent.ssh.SshSettings;

/** Where a target's DNS server runs, from its backend section's {@code ssh_*} options. */
public final class TargetHosts {
  private TargetHosts() {}

  /**
   * Over SSH when the section sets {@code ssh_host} (not connected yet), else this host with {@code
   * local} running its programs.
   *
   * @throws org.dnsagent.spi.ConfigException if an {@code ssh_*} option, the key or the known hosts
   *     file cannot be used
   */
  public static HostAccess of(BackendSettings settings, CommandRunner local) {
    Optional<SshSettings> ssh = SshSettings.from(settings);
    if (ssh.isEmpty()) {
      return new LocalHostAccess(local);
    }
    return new SshHostAccess(ssh.get(), settings.section());
  }
}
