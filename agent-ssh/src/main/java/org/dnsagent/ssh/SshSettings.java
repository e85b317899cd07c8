// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.OptionSpec.Type;

/**
 * Where and how to reach the DNS server's host over SSH: options {@code ssh_*} of a backend's
 * section. The agent adds {@link #OPTIONS} to every backend's options; when {@code ssh_host} is
 * set, the backend's programs and files are on that host.
 *
 * @param host the host name or address to connect to
 * @param port its SSH port
 * @param user the remote user (least privilege: see docs/configuration.md)
 * @param keyFile the private key file (OpenSSH or PEM format)
 * @param passphrase the key's passphrase, read from {@code ssh_key_passphrase_file}; empty if none
 * @param knownHostsFile the OpenSSH known_hosts file that must hold the host's key
 * @param timeout connecting, authenticating and opening a channel may each take this long
 * @param keepalive interval of keepalive messages; zero for none
 * @param maxChannels channels (commands and file transfers) open at once on the one connection
 */
public record SshSettings(
    String host,
    int port,
    String user,
    Path keyFile,
    Optional<byte[]> passphrase,
    Path knownHostsFile,
    Duration timeout,
    Duration keepalive,
    int maxChannels) {

  /** The default of {@code ssh_known_hosts_file}. */
  public static final Path DEFAULT_KNOWN_HOSTS = Path.of("/etc/dns-agent/ssh_known_hosts");

  /** Every {@code ssh_*} option, declared once; the agent adds them to every backend's options. */
  public static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.of(
              "ssh_host",
              Type.STRING,
              null,
              "run the backend's programs and place its files on this host over SSH; unset: here"),
          OptionSpec.of("ssh_port", Type.INTEGER, "22", "SSH port of ssh_host"),
          OptionSpec.of(
              "ssh_user", Type.STRING, null, "remote user (required with ssh_host); not root"),
          OptionSpec.of(
              "ssh_key_file",
              Type.PATH,
              null,
              "private key to log in with (required with ssh_host); readable by the agent only"),
          OptionSpec.of(
              "ssh_key_passphrase_file",
              Type.PATH,
              null,
              "file holding the passphrase of ssh_key_file, if it has one"),
          OptionSpec.of(
              "ssh_known_hosts_file",
              Type.PATH,
              DEFAULT_KNOWN_HOSTS.toString(),
              "OpenSSH known_hosts file that must hold ssh_host's key; any other key is refused"),
          OptionSpec.of(
              "ssh_timeout",
              Type.DURATION,
              "10",
              "seconds to connect, log in or open a channel before giving up"),
          OptionSpec.of(
              "ssh_keepalive",
              Type.DURATION,
              "15",
              "seconds between keepalive messages; 3 unanswered drop the connection; 0: none"),
          OptionSpec.of(
              "ssh_max_channels",
              Type.INTEGER,
              "8",
              "commands and file transfers at once, at least 2; below sshd's MaxSessions (10)"));

  public SshSettings {
    requireNonNull(host, "host is null");
    requireNonNull(user, "user is null");
    requireNonNull(keyFile, "keyFile is null");
    requireNonNull(passphrase, "passphrase is null");
    requireNonNull(knownHostsFile, "knownHostsFile is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(keepalive, "keepalive is null");
    if (maxChannels < 2) {
      throw new IllegalArgumentException("maxChannels must be at least 2");
    }
  }

  /**
   * The SSH settings of a backend's section, or empty when {@code ssh_host} is not set (then the
   * backend works on this host).
   *
   * @throws org.dnsagent.spi.ConfigException naming the option at fault
   */
  public static Optional<SshSettings> from(BackendSettings settings) {
    Optional<String> host = settings.get("ssh_host").map(String::strip);
    if (host.isEmpty() || host.get().isEmpty()) {
      for (OptionSpec spec : OPTIONS) {
        if (settings.get(spec.name()).isPresent() && !spec.name().equals("ssh_host")) {
          throw settings.invalid(
              spec.name(), settings.get(spec.name()).get(), "set ssh_host too, or remove this");
        }
      }
      return Optional.empty();
    }
    if (host.get().startsWith("-") || !host.get().matches("[A-Za-z0-9._:\\[\\]-]+")) {
      throw settings.invalid("ssh_host", host.get(), "not a host name or address");
    }
    int port = settings.getInt("ssh_port", 22, 1, 65535);
    String user =
        settings
            .get("ssh_user")
            .map(String::strip)
            .orElseThrow(() -> settings.invalid("ssh_user", "", "required with ssh_host"));
    if (!user.matches("[A-Za-z0-9._][A-Za-z0-9._-]*")) {
      throw settings.invalid("ssh_user", user, "not a user name");
    }
    Path keyFile =
        settings
            .getPath("ssh_key_file")
            .orElseThrow(() -> settings.invalid("ssh_key_file", "", "required with ssh_host"));
    if (!Files.isReadable(keyFile)) {
      throw settings.invalid("ssh_key_file", keyFile.toString(), "cannot read this file");
    }
    Optional<byte[]> passphrase = Optional.empty();
    Optional<Path> passphraseFile = settings.getPath("ssh_key_passphrase_file");
    if (passphraseFile.isPresent()) {
      try {
        String text = Files.readString(passphraseFile.get(), StandardCharsets.UTF_8);
        passphrase = Optional.of(stripNewline(text).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw settings.invalid(
            "ssh_key_passphrase_file", passphraseFile.get().toString(), "cannot read: " + e);
      }
    }
    Path knownHosts = settings.getPath("ssh_known_hosts_file").orElse(DEFAULT_KNOWN_HOSTS);
    if (!Files.isReadable(knownHosts)) {
      throw settings.invalid(
          "ssh_known_hosts_file",
          knownHosts.toString(),
          "cannot read this file; it must hold " + host.get() + "'s host key");
    }
    Duration timeout = settings.getDuration("ssh_timeout", Duration.ofSeconds(10));
    if (timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
      throw settings.invalid(
          "ssh_timeout",
          settings.get("ssh_timeout").orElse(""),
          "must be above 0 and at most 1 day");
    }
    Duration keepalive = settings.getDuration("ssh_keepalive", Duration.ofSeconds(15));
    if (keepalive.compareTo(Duration.ofDays(1)) > 0) {
      throw settings.invalid(
          "ssh_keepalive", settings.get("ssh_keepalive").orElse(""), "must be at most 1 day");
    }
    int maxChannels = settings.getInt("ssh_max_channels", 8, 2, 1024);
    return Optional.of(
        new SshSettings(
            host.get(),
            port,
            user,
            keyFile,
            passphrase,
            knownHosts,
            timeout,
            keepalive,
            maxChannels));
  }

  private static String stripNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** For messages: {@code ssh user@host:port}. */
  public String describe() {
    return "ssh " + user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Without the passphrase. */
  @Override
  public String toString() {
    return describe() + " key " + keyFile + " known hosts " + knownHostsFile;
  }
}
