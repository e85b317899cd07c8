// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.HostFiles;

/**
 * The DNS server's host reached over SSH (JSch): programs run in exec channels, files move by SFTP,
 * all over one connection that is opened on first use and re-opened when it drops. The host's key
 * must be in {@code ssh_known_hosts_file}; login is by key only.
 *
 * <pre>{@code
 * HostAccess host = new SshHostAccess(SshSettings.from(settings).orElseThrow(), settings.section());
 * host.commands().run(List.of("rndc", "reload", zone), Duration.ofSeconds(10));
 * }</pre>
 */
public final class SshHostAccess implements HostAccess {
  private final SshConnection connection;
  private final SshCommandRunner commands;
  private final SftpFiles files;

  /**
   * Reads the key and known hosts; connects only when first used.
   *
   * @param section the configuration section, for error messages
   * @throws org.dnsagent.spi.ConfigException if the key or the known hosts file cannot be used
   */
  public SshHostAccess(SshSettings settings, String section) {
    this.connection = new SshConnection(settings, section);
    this.commands = new SshCommandRunner(connection);
    this.files = new SftpFiles(connection, commands);
  }

  @Override
  public String description() {
    return connection.settings().describe();
  }

  @Override
  public CommandRunner commands() {
    return commands;
  }

  @Override
  public HostFiles files() {
    return files;
  }

  /** Drops the connection now (the next use connects again); for tests and maintenance. */
  public void disconnect() {
    connection.disconnect();
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "SshHostAccess[" + connection.settings() + "]";
  }
}
