// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.time.Duration;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.ssh.SshHostAccess;
import org.dnsagent.ssh.SshSettings;
import org.dnsagent.testing.contract.RemoteContext;
import org.dnsagent.testing.servers.SshdServer;

/**
 * The backend contract over the exec transport with named on a "remote" host reached over SSH (a
 * real sshd on loopback; the remote host is this one): rndc runs through SSH and zone files are
 * written by SFTP into named's zone directory. In the outage both named and sshd are down.
 */
abstract class ExecSshBind9Contract extends Bind9Contract {
  private SshdServer sshd;
  private SshHostAccess host;

  @Override
  String transport() {
    return "exec";
  }

  @Override
  boolean freezeForOutage() {
    return false;
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = super.settings();
    settings.putAll(sshd.backendOptions());
    settings.put("ssh_timeout", "5");
    // Each rndc runs through sshd here: more room than the local contract's 3 s on a busy machine.
    settings.put("rndc_timeout", "15");
    settings.put("query_timeout", "5");
    return settings;
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(15); // rndc_timeout above
  }

  @Override
  protected void startServer() {
    super.startServer();
    sshd = SshdServer.start();
    BackendSettings ssh = new BackendSettings("backend:agent:bind9", sshd.backendOptions());
    host = new SshHostAccess(SshSettings.from(ssh).orElseThrow(), ssh.section());
  }

  @Override
  protected void stopServer() {
    try {
      if (host != null) {
        host.close();
      }
      if (sshd != null) {
        sshd.close();
      }
    } finally {
      super.stopServer();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return TestTargets.backend(settings(), new RemoteContext(context, host));
  }

  @Override
  protected void makeUnavailable() {
    super.makeUnavailable();
    sshd.stop();
  }

  @Override
  protected void makeAvailable() {
    sshd.restart();
    super.makeAvailable();
  }
}
