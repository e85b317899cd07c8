// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;

/** The settings of section {@code [backend:agent:nsd]}, validated. */
record NsdConfig(
    String control,
    Optional<Path> controlSocket,
    Optional<InetSocketAddress> controlAddress,
    Path controlKeyFile,
    Path controlCertFile,
    Path serverCertFile,
    Path nsdControlPath,
    Path nsdConfFile,
    Transport transport,
    Mode zoneMode,
    Path zoneFilePath,
    String pattern,
    Path patternFile,
    InetSocketAddress queryDestination,
    Duration timeout) {

  /** How commands reach NSD. */
  enum Transport {
    NATIVE,
    EXEC
  }

  /** Who transfers zones: the agent (primary: NSD loads files) or NSD itself (secondary). */
  enum Mode {
    PRIMARY,
    SECONDARY
  }

  /** NSD's default control port. */
  static final int DEFAULT_CONTROL_PORT = 8952;

  private static final Pattern PATTERN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

  static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.of(
              "nsd_control",
              OptionSpec.Type.STRING,
              "127.0.0.1@" + DEFAULT_CONTROL_PORT,
              "NSD's control channel: an absolute path (control-interface is a UNIX socket, no"
                  + " TLS) or host@port (TLS with nsd-control-setup's certificates)"),
          OptionSpec.of(
              "nsd_control_key_file",
              OptionSpec.Type.PATH,
              "/etc/nsd/nsd_control.key",
              "TLS: the client's private key (PEM), as nsd-control-setup writes it"),
          OptionSpec.of(
              "nsd_control_cert_file",
              OptionSpec.Type.PATH,
              "/etc/nsd/nsd_control.pem",
              "TLS: the client's certificate (PEM)"),
          OptionSpec.of(
              "nsd_server_cert_file",
              OptionSpec.Type.PATH,
              "/etc/nsd/nsd_server.pem",
              "TLS: the server's certificate (PEM); the only one accepted"),
          OptionSpec.of(
              "nsd_control_path",
              OptionSpec.Type.PATH,
              "/usr/sbin/nsd-control",
              "the nsd-control program, for nsd_transport = exec"),
          OptionSpec.of(
              "nsd_conf_file",
              OptionSpec.Type.PATH,
              "/etc/nsd/nsd.conf",
              "NSD's configuration, read at start-up to check the pattern and zonelistfile, and"
                  + " given to nsd-control -c"),
          OptionSpec.choice(
              "nsd_transport",
              List.of("native", "exec"),
              "native: speak nsd-control's protocol; exec: run the nsd-control program"),
          OptionSpec.choice(
              "zone_mode",
              List.of("primary", "secondary"),
              "primary: the agent transfers zones and writes their files; secondary: NSD"
                  + " transfers from the masters itself"),
          OptionSpec.of(
              "zone_file_path",
              OptionSpec.Type.PATH,
              "$state_path/zones",
              "primary mode: where zone files go; the pattern's zonefile must be zone_file_path/%s.zone"),
          OptionSpec.of(
              "pattern",
              OptionSpec.Type.STRING,
              "dns-agent",
              "primary mode: the nsd.conf pattern zones are added with; secondary mode: the prefix of the"
                  + " agent's own patterns"),
          OptionSpec.of(
              "pattern_file",
              OptionSpec.Type.PATH,
              "/etc/nsd/dns-agent-patterns.conf",
              "secondary mode: the file nsd.conf includes, where the agent keeps one pattern per"
                  + " set of masters"),
          OptionSpec.of(
              "query_destination",
              OptionSpec.Type.HOST_PORT,
              "127.0.0.1:53",
              "where NSD answers DNS queries, to check what it serves"),
          OptionSpec.of(
              "timeout",
              OptionSpec.Type.DURATION,
              "10",
              "seconds to wait for NSD: a control command, or a zone to be served"));

  NsdConfig {
    requireNonNull(control, "control is null");
    requireNonNull(controlSocket, "controlSocket is null");
    requireNonNull(controlAddress, "controlAddress is null");
    requireNonNull(zoneFilePath, "zoneFilePath is null");
    requireNonNull(pattern, "pattern is null");
    requireNonNull(timeout, "timeout is null");
  }

  /**
   * Binds and checks the settings. Reads nothing and contacts nothing.
   *
   * @throws org.dnsagent.spi.ConfigException naming the section and option of the first error
   */
  static NsdConfig from(BackendSettings settings, BackendContext context) {
    String control = settings.get("nsd_control", "127.0.0.1@" + DEFAULT_CONTROL_PORT);
    Optional<Path> socket = Optional.empty();
    Optional<InetSocketAddress> address = Optional.empty();
    if (control.startsWith("/")) {
      socket = Optional.of(Path.of(control).normalize());
    } else {
      address = Optional.of(parseControlAddress(settings, control));
    }
    Transport transport = choice(settings, "nsd_transport", Transport.class, Transport.NATIVE);
    Mode mode = choice(settings, "zone_mode", Mode.class, Mode.PRIMARY);
    String pattern = settings.get("pattern", "dns-agent");
    if (!PATTERN_NAME.matcher(pattern).matches()) {
      throw settings.invalid(
          "pattern", pattern, "pattern names may hold only letters, digits, '_', '-' and '.'");
    }
    if (mode == Mode.SECONDARY) {
      checkMasters(settings, context.masters());
    }
    Path zoneFilePath =
        settings
            .getPath("zone_file_path")
            .orElse(context.stateDirectory().resolve("zones"))
            .toAbsolutePath()
            .normalize();
    checkPlain(settings, "zone_file_path", zoneFilePath.toString());
    Path patternFile = absolute(settings, "pattern_file", "/etc/nsd/dns-agent-patterns.conf");
    checkPlain(settings, "pattern_file", patternFile.toString());
    Duration timeout = settings.getDuration("timeout", Duration.ofSeconds(10));
    if (timeout.isZero()) {
      throw settings.invalid("timeout", settings.get("timeout", ""), "must be positive");
    }
    return new NsdConfig(
        control,
        socket,
        address,
        absolute(settings, "nsd_control_key_file", "/etc/nsd/nsd_control.key"),
        absolute(settings, "nsd_control_cert_file", "/etc/nsd/nsd_control.pem"),
        absolute(settings, "nsd_server_cert_file", "/etc/nsd/nsd_server.pem"),
        absolute(settings, "nsd_control_path", "/usr/sbin/nsd-control"),
        absolute(settings, "nsd_conf_file", "/etc/nsd/nsd.conf"),
        transport,
        mode,
        zoneFilePath,
        pattern,
        patternFile,
        settings.getHostPort("query_destination", "127.0.0.1", 53),
        timeout);
  }

  /** The zone file NSD's pattern must name, with NSD's {@code %s} for the zone. */
  String expectedZonefile() {
    return zoneFilePath + "/%s.zone";
  }

  private static InetSocketAddress parseControlAddress(BackendSettings settings, String text) {
    int at = text.lastIndexOf('@');
    String host = at < 0 ? text : text.substring(0, at);
    int port = DEFAULT_CONTROL_PORT;
    if (at >= 0) {
      try {
        port = Integer.parseInt(text.substring(at + 1));
      } catch (NumberFormatException e) {
        throw settings.invalid("nsd_control", text, "expected an absolute path or host@port");
      }
      if (port < 1 || port > 65535) {
        throw settings.invalid("nsd_control", text, "port out of range 1-65535");
      }
    }
    if (host.isEmpty()) {
      throw settings.invalid("nsd_control", text, "expected an absolute path or host@port");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw settings.invalid("nsd_control", text, "unknown host '" + host + "'");
    }
  }

  private static Path absolute(BackendSettings settings, String option, String fallback) {
    Path path = settings.getPath(option).orElse(Path.of(fallback));
    if (!path.isAbsolute()) {
      throw settings.invalid(option, path.toString(), "must be an absolute path");
    }
    return path.normalize();
  }

  /** Paths that go into nsd.conf text: no quotes, white space or control characters. */
  private static void checkPlain(BackendSettings settings, String option, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '#' || c == 0x7f) {
        throw settings.invalid(
            option, value, "must not hold white space, quotes, '#' or control characters");
      }
    }
  }

  private static void checkMasters(BackendSettings settings, List<MasterServer> masters) {
    if (masters.isEmpty()) {
      throw settings.invalid(
          "zone_mode", "secondary", "NSD needs masters to transfer from; none are configured");
    }
    for (MasterServer m : masters) {
      if (m.address().getAddress() == null) {
        throw settings.invalid("zone_mode", "secondary", "master " + m + " has no address");
      }
      m.key()
          .ifPresent(
              k -> {
                if (!PATTERN_NAME.matcher(k.name()).matches()) {
                  throw settings.invalid(
                      "zone_mode",
                      "secondary",
                      "TSIG key name '" + k.name() + "' cannot be written into nsd.conf");
                }
              });
    }
  }

  private static <E extends Enum<E>> E choice(
      BackendSettings settings, String option, Class<E> type, E fallback) {
    Optional<String> raw = settings.get(option);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, raw.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder names = new StringBuilder();
      for (E value : type.getEnumConstants()) {
        names.append(names.length() == 0 ? "" : ", ").append(value.name().toLowerCase(Locale.ROOT));
      }
      throw settings.invalid(option, raw.get(), "must be one of " + names);
    }
  }
}
