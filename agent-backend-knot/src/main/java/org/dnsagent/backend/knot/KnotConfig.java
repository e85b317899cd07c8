// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
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

/** The settings of section {@code [backend:agent:knot]}, validated. */
public record KnotConfig(
    Path socket,
    Path knotc,
    Transport transport,
    Mode zoneMode,
    Path zoneFilePath,
    String template,
    InetSocketAddress queryDestination,
    Duration timeout) {

  /** How commands reach knotd. */
  public enum Transport {
    /** The control protocol over the UNIX socket, from Java. */
    NATIVE,
    /** {@code knotc -s <socket>} per command, locally or over SSH. */
    EXEC
  }

  /** How knotd gets a zone's data. */
  public enum Mode {
    /** The agent transfers the zone and writes its file; knotd loads it. */
    PRIMARY,
    /** knotd transfers the zone from the masters itself. */
    SECONDARY
  }

  public static final Path DEFAULT_SOCKET = Path.of("/run/knot/knot.sock");
  public static final Path DEFAULT_KNOTC = Path.of("/usr/sbin/knotc");

  /** Knot template ids: what knotd accepts as a plain identifier. */
  private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

  /** Every option, declared once. */
  public static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.of(
              "knot_socket",
              OptionSpec.Type.PATH,
              DEFAULT_SOCKET.toString(),
              "knotd's control socket (control.listen in knot.conf)"),
          OptionSpec.of(
              "knotc_path",
              OptionSpec.Type.PATH,
              DEFAULT_KNOTC.toString(),
              "the knotc program, for knot_transport = exec"),
          OptionSpec.choice(
              "knot_transport",
              List.of("native", "exec"),
              "native: control protocol over the socket; exec: run knotc (also over SSH)"),
          OptionSpec.choice(
              "zone_mode",
              List.of("primary", "secondary"),
              "primary: the agent writes zone files; secondary: knotd transfers from the masters"),
          OptionSpec.of(
              "zone_file_path",
              OptionSpec.Type.PATH,
              "$state_path/zones",
              "where zone files go (the target's state directory/zones by default); knotd reads"
                  + " them (secondary mode: writes them)"),
          OptionSpec.of(
              "template",
              OptionSpec.Type.STRING,
              "default",
              "the Knot template new zones use (must exist in knotd's configuration)"),
          OptionSpec.of(
              "query_destination",
              OptionSpec.Type.HOST_PORT,
              "127.0.0.1:53",
              "where SOA queries go to learn the serial knotd serves"),
          OptionSpec.of(
              "timeout",
              OptionSpec.Type.DURATION,
              "10",
              "bound on every control command and on waiting for a serial to be served"));

  public KnotConfig {
    requireNonNull(socket, "socket is null");
    requireNonNull(knotc, "knotc is null");
    requireNonNull(transport, "transport is null");
    requireNonNull(zoneMode, "zoneMode is null");
    requireNonNull(zoneFilePath, "zoneFilePath is null");
    requireNonNull(template, "template is null");
    requireNonNull(queryDestination, "queryDestination is null");
    requireNonNull(timeout, "timeout is null");
  }

  /** Binds and checks the settings; contacts nothing. */
  public static KnotConfig from(BackendSettings settings, BackendContext context) {
    Path socket = absolute(settings, "knot_socket", DEFAULT_SOCKET);
    Path knotc = absolute(settings, "knotc_path", DEFAULT_KNOTC);
    Transport transport = choice(settings, "knot_transport", Transport.class, Transport.NATIVE);
    Mode mode = choice(settings, "zone_mode", Mode.class, Mode.PRIMARY);
    Path zoneFilePath =
        settings
            .getPath("zone_file_path")
            .orElse(context.stateDirectory().resolve("zones"))
            .toAbsolutePath()
            .normalize();
    checkPlain(settings, "zone_file_path", zoneFilePath.toString());
    String template = settings.get("template", "default");
    if (!TEMPLATE.matcher(template).matches()) {
      throw settings.invalid(
          "template", template, "template ids may hold only letters, digits, '_', '-' and '.'");
    }
    InetSocketAddress queryDestination = settings.getHostPort("query_destination", "127.0.0.1", 53);
    Duration timeout = settings.getDuration("timeout", Duration.ofSeconds(10));
    if (timeout.isZero()) {
      throw settings.invalid("timeout", settings.get("timeout").orElse(""), "must be positive");
    }
    if (mode == Mode.SECONDARY) {
      checkMasters(settings, context.masters());
    }
    if (transport == Transport.NATIVE && !"local".equals(context.host().description())) {
      throw settings.invalid(
          "knot_transport",
          "native",
          "knotd runs on "
              + context.host().description()
              + " and its socket is not reachable from here: use knot_transport = exec");
    }
    return new KnotConfig(
        socket, knotc, transport, mode, zoneFilePath, template, queryDestination, timeout);
  }

  private static void checkMasters(BackendSettings settings, List<MasterServer> masters) {
    if (masters.isEmpty()) {
      throw settings.invalid(
          "zone_mode", "secondary", "knotd needs masters to transfer from; none are configured");
    }
    for (MasterServer m : masters) {
      if (m.address().getAddress() == null) {
        throw settings.invalid("zone_mode", "secondary", "master " + m + " has no address");
      }
    }
  }

  private static Path absolute(BackendSettings settings, String option, Path fallback) {
    Optional<Path> path = settings.getPath(option);
    if (path.isPresent() && !path.get().isAbsolute()) {
      throw settings.invalid(option, path.get().toString(), "must be an absolute path");
    }
    Path value = path.orElse(fallback);
    checkPlain(settings, option, value.toString());
    return value;
  }

  /** Paths go into knotd's configuration and knotc's command line: no blanks nor controls. */
  private static void checkPlain(BackendSettings settings, String option, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '"' || c == '\\') {
        throw settings.invalid(
            option, value, "must not hold blanks, quotes, backslashes or control characters");
      }
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
