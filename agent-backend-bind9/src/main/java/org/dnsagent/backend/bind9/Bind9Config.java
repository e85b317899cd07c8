// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;
import static org.dnsagent.spi.OptionSpec.Type.BOOLEAN;
import static org.dnsagent.spi.OptionSpec.Type.DURATION;
import static org.dnsagent.spi.OptionSpec.Type.HOST_PORT;
import static org.dnsagent.spi.OptionSpec.Type.INTEGER;
import static org.dnsagent.spi.OptionSpec.Type.LIST;
import static org.dnsagent.spi.OptionSpec.Type.PATH;
import static org.dnsagent.spi.OptionSpec.Type.STRING;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.TsigKeyFile;
import org.dnsagent.spi.TsigKeySpec;

/**
 * The settings of section {@code [backend:agent:bind9]}, validated. Option names follow Designate's
 * bind9 agent backend where it has them.
 */
public record Bind9Config(
    InetSocketAddress rndcAddress,
    Path rndcKeySource,
    RndcKey rndcKey,
    Duration rndcTimeout,
    RndcTransportKind rndcTransport,
    int maxRndcProcesses,
    Path zoneFilePath,
    InetSocketAddress queryDestination,
    Duration queryTimeout,
    Optional<TsigKeySpec> queryTsigKey,
    ZoneMode zoneMode,
    String view,
    boolean cleanOnDelete,
    List<String> allowTransfer,
    List<InetSocketAddress> alsoNotify,
    Optional<String> dnssecPolicy,
    Optional<Boolean> inlineSigning) {

  /** Every option this backend reads, declared once. */
  public static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.of(
              "rndc_host",
              STRING,
              null,
              "named's control channel address; default: default-server of the rndc config, else"
                  + " 127.0.0.1"),
          OptionSpec.of(
              "rndc_port",
              INTEGER,
              null,
              "control channel port; default: from the rndc config, else 953"),
          OptionSpec.of(
              "rndc_config_file",
              PATH,
              null,
              "an rndc.conf; the key is chosen as rndc does; wins over rndc_key_file"),
          OptionSpec.of(
              "rndc_key_file",
              PATH,
              null,
              "an rndc.key; default: /etc/bind/rndc.conf if it exists, else /etc/bind/rndc.key"),
          OptionSpec.of(
              "rndc_timeout",
              DURATION,
              "10",
              "bound on every control command (must cover loading the largest zone file)"),
          OptionSpec.choice(
              "rndc_transport",
              List.of("native", "exec"),
              "how commands reach named: its control protocol, or the rndc program"),
          OptionSpec.of(
              "max_rndc_processes", INTEGER, "8", "concurrent rndc processes (exec transport)"),
          OptionSpec.of(
              "zone_file_path",
              PATH,
              "$state_path/zones",
              "where zone files go (the target's state directory/zones by default), in a"
                  + " subdirectory named after the view unless it is _default"),
          OptionSpec.of(
              "query_destination", HOST_PORT, "127.0.0.1:53", "where SOA queries to named go"),
          OptionSpec.of("query_timeout", DURATION, "2", "bound on an SOA query to named"),
          OptionSpec.of(
                  "query_tsig_key",
                  STRING,
                  null,
                  "signs SOA queries (a view matched by key): the name of a [tsigkey:NAME]"
                      + " section, or name:algorithm:secret")
              .asSecret(),
          OptionSpec.of(
              "query_tsig_key_file",
              PATH,
              null,
              "the query key from a file: the key block tsig-keygen writes, or a bare base64"
                  + " secret named by query_tsig_key_name"),
          OptionSpec.of(
              "query_tsig_key_name",
              STRING,
              null,
              "the key name of a bare secret in query_tsig_key_file"),
          OptionSpec.of(
              "query_tsig_key_algorithm",
              STRING,
              "hmac-sha256",
              "the algorithm of a bare secret in query_tsig_key_file"),
          OptionSpec.choice(
              "zone_mode",
              List.of("primary", "secondary"),
              "primary: the agent writes zone files; secondary: named transfers from the masters"),
          OptionSpec.of("view", STRING, "_default", "the view zones are added to"),
          OptionSpec.of(
              "clean_on_delete",
              BOOLEAN,
              "true",
              "delzone -clean: named also removes the zone's journal and signed files"),
          OptionSpec.of(
              "allow_transfer",
              LIST,
              null,
              "allow-transfer of added zones: addresses, prefixes, any, none, key NAME"),
          OptionSpec.of("also_notify", LIST, null, "also-notify of added zones: host:port"),
          OptionSpec.of("dnssec_policy", STRING, null, "dnssec-policy of added zones"),
          OptionSpec.of("inline_signing", BOOLEAN, null, "inline-signing of added zones"));

  /** Options whose values are secrets. */
  public static final java.util.Set<String> SENSITIVE =
      OPTIONS.stream()
          .filter(OptionSpec::secret)
          .map(OptionSpec::name)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  static final Path DEFAULT_RNDC_CONF = Path.of("/etc/bind/rndc.conf");
  static final Path DEFAULT_RNDC_KEY = Path.of("/etc/bind/rndc.key");

  /** The view that zones are added to when {@code view} is not set. */
  public static final String DEFAULT_VIEW = "_default";

  /** View names go into addzone unquoted (named's grammar wants a bare word there). */
  private static final Pattern VIEW = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

  public Bind9Config {
    requireNonNull(rndcAddress, "rndcAddress is null");
    requireNonNull(rndcKeySource, "rndcKeySource is null");
    requireNonNull(rndcKey, "rndcKey is null");
    requireNonNull(rndcTimeout, "rndcTimeout is null");
    requireNonNull(rndcTransport, "rndcTransport is null");
    requireNonNull(zoneFilePath, "zoneFilePath is null");
    requireNonNull(queryDestination, "queryDestination is null");
    requireNonNull(queryTimeout, "queryTimeout is null");
    requireNonNull(queryTsigKey, "queryTsigKey is null");
    requireNonNull(zoneMode, "zoneMode is null");
    requireNonNull(view, "view is null");
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
    requireNonNull(dnssecPolicy, "dnssecPolicy is null");
    requireNonNull(inlineSigning, "inlineSigning is null");
  }

  /**
   * Where this target's zone files go: {@code zone_file_path} itself for the default view, its
   * subdirectory named after the view otherwise. Split horizon serves the same zone name in several
   * views, and the targets of those views naturally share {@code zone_file_path} (AppArmor allows
   * few places): one directory per view keeps them from writing, and deleting, each other's files.
   */
  public Path zoneDirectory() {
    return view.equals(DEFAULT_VIEW) ? zoneFilePath : zoneFilePath.resolve(view);
  }

  /**
   * Binds and checks the settings; reads the rndc key file (a local file, so no server is
   * contacted).
   *
   * @throws org.dnsagent.spi.ConfigException naming the section and option of the first error
   */
  public static Bind9Config from(BackendSettings settings, BackendContext context) {
    RndcKeyFile keyFile = readKeyFile(settings);
    String keyOption =
        settings.get("rndc_config_file").isPresent() ? "rndc_config_file" : "rndc_key_file";
    String host = settings.get("rndc_host").orElse(keyFile.defaultServer().orElse("127.0.0.1"));
    int port = settings.getInt("rndc_port", keyFile.portFor(host).orElse(953), 1, 65535);
    InetSocketAddress rndcAddress;
    try {
      rndcAddress = HostPort.parse(host, port);
    } catch (IllegalArgumentException e) {
      throw settings.invalid("rndc_host", host, e.getMessage());
    }
    RndcKey key =
        keyFile
            .keyFor(host)
            .orElseThrow(
                () ->
                    settings.invalid(
                        keyOption,
                        keyFile.source().toString(),
                        "no key for server "
                            + host
                            + " (no server statement, no default-key and not exactly one key)"));

    Duration rndcTimeout = positive(settings, "rndc_timeout", Duration.ofSeconds(10));
    RndcTransportKind transport =
        choice(settings, "rndc_transport", RndcTransportKind.class, RndcTransportKind.NATIVE);
    int maxProcesses = settings.getInt("max_rndc_processes", 8, 1, 256);

    Path zoneFilePath =
        settings
            .getPath("zone_file_path")
            .orElse(context.stateDirectory().resolve("zones"))
            .toAbsolutePath()
            .normalize();
    checkQuotable(settings, "zone_file_path", zoneFilePath.toString());

    InetSocketAddress queryDestination = settings.getHostPort("query_destination", "127.0.0.1", 53);
    Duration queryTimeout = positive(settings, "query_timeout", Duration.ofSeconds(2));
    Optional<TsigKeySpec> queryKey = queryKey(settings, context);

    ZoneMode mode = choice(settings, "zone_mode", ZoneMode.class, ZoneMode.PRIMARY);
    if (mode == ZoneMode.SECONDARY) {
      checkMasters(settings, context.masters());
    }
    String view = settings.get("view", DEFAULT_VIEW);
    if (!VIEW.matcher(view).matches()) {
      throw settings.invalid(
          "view", view, "view names may hold only letters, digits, '_', '-' and '.'");
    }

    List<String> allowTransfer = new ArrayList<>();
    for (String element : settings.getList("allow_transfer")) {
      try {
        ZoneStanza.addressMatchElement(element); // validates; rendered again by ZoneStanza
        allowTransfer.add(element);
      } catch (IllegalArgumentException e) {
        throw settings.invalid("allow_transfer", element, e.getMessage());
      }
    }
    List<InetSocketAddress> alsoNotify = new ArrayList<>();
    for (String item : settings.getList("also_notify")) {
      try {
        alsoNotify.add(HostPort.parse(item, 53));
      } catch (IllegalArgumentException e) {
        throw settings.invalid("also_notify", item, e.getMessage());
      }
    }
    Optional<String> dnssecPolicy = settings.get("dnssec_policy");
    dnssecPolicy.ifPresent(p -> checkQuotable(settings, "dnssec_policy", p));
    Optional<Boolean> inlineSigning =
        settings.get("inline_signing").map(v -> settings.getBoolean("inline_signing", false));

    return new Bind9Config(
        rndcAddress,
        keyFile.source(),
        key,
        rndcTimeout,
        transport,
        maxProcesses,
        zoneFilePath,
        queryDestination,
        queryTimeout,
        queryKey,
        mode,
        view,
        settings.getBoolean("clean_on_delete", true),
        allowTransfer,
        alsoNotify,
        dnssecPolicy,
        inlineSigning);
  }

  /** The key file rndc itself would read: the config file, else the key file, else defaults. */
  private static RndcKeyFile readKeyFile(BackendSettings settings) {
    String option;
    Path file;
    if (settings.get("rndc_config_file").isPresent()) {
      option = "rndc_config_file";
      file = settings.getPath(option).orElseThrow();
    } else if (settings.get("rndc_key_file").isPresent()) {
      option = "rndc_key_file";
      file = settings.getPath(option).orElseThrow();
    } else {
      option = "rndc_key_file";
      file = Files.exists(DEFAULT_RNDC_CONF) ? DEFAULT_RNDC_CONF : DEFAULT_RNDC_KEY;
    }
    try {
      return RndcKeyFile.read(file);
    } catch (IOException e) {
      throw settings.invalid(option, file.toString(), "cannot read: " + describe(e));
    } catch (IllegalArgumentException e) {
      throw settings.invalid(option, file.toString(), e.getMessage());
    }
  }

  private static Optional<TsigKeySpec> queryKey(BackendSettings settings, BackendContext context) {
    Optional<String> inline = settings.get("query_tsig_key");
    Optional<Path> file = settings.getPath("query_tsig_key_file");
    if (inline.isPresent() && file.isPresent()) {
      throw settings.invalid(
          "query_tsig_key_file", file.get().toString(), "set query_tsig_key or this, not both");
    }
    if (inline.isPresent() && !inline.get().contains(":")) {
      // The name of a [tsigkey:NAME] section: one place for the secret, shared with tsig_keys.
      TsigKeySpec key = context.tsigKeys().get(inline.get());
      if (key == null) {
        throw new ConfigException(
            settings.section(),
            "query_tsig_key",
            inline.get(),
            "no [tsigkey:" + inline.get() + "] section defines this key");
      }
      return Optional.of(key);
    }
    if (inline.isPresent()) {
      String[] parts = inline.get().split(":", 3);
      if (parts.length != 3) {
        throw settings.invalid("query_tsig_key", inline.get(), "expected name:algorithm:secret");
      }
      try {
        return Optional.of(new TsigKeySpec(parts[0].trim(), parts[1].trim(), parts[2].trim()));
      } catch (IllegalArgumentException e) {
        throw settings.invalid("query_tsig_key", inline.get(), e.getMessage());
      }
    }
    if (file.isPresent()) {
      String where = file.get().toString();
      TsigKeyFile.Contents contents;
      try {
        contents = TsigKeyFile.read(file.get());
      } catch (IOException e) {
        throw settings.invalid("query_tsig_key_file", where, "cannot read: " + describe(e));
      } catch (IllegalArgumentException e) {
        throw settings.invalid("query_tsig_key_file", where, e.getMessage());
      }
      Optional<String> name = contents.name().or(() -> settings.get("query_tsig_key_name"));
      if (name.isEmpty()) {
        throw settings.invalid(
            "query_tsig_key_file",
            where,
            "holds a bare secret; name its key with query_tsig_key_name, or use the key block"
                + " tsig-keygen writes");
      }
      String algorithm =
          contents.algorithm().orElse(settings.get("query_tsig_key_algorithm", "hmac-sha256"));
      try {
        return Optional.of(new TsigKeySpec(name.get(), algorithm, contents.secret()));
      } catch (IllegalArgumentException e) {
        throw settings.invalid("query_tsig_key_file", where, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** An I/O error in operator words: the cause, not the exception's class. */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  private static void checkMasters(BackendSettings settings, List<MasterServer> masters) {
    if (masters.isEmpty()) {
      throw settings.invalid(
          "zone_mode", "secondary", "named needs masters to transfer from; none are configured");
    }
    for (MasterServer m : masters) {
      if (m.address().getAddress() == null) {
        throw settings.invalid("zone_mode", "secondary", "master " + m + " has no address");
      }
      m.key().ifPresent(k -> checkQuotable(settings, "zone_mode", k.name()));
    }
  }

  private static void checkQuotable(BackendSettings settings, String option, String value) {
    try {
      ZoneStanza.quote(value);
    } catch (IllegalArgumentException e) {
      throw settings.invalid(option, value, e.getMessage());
    }
  }

  private static Duration positive(BackendSettings settings, String option, Duration fallback) {
    Duration d = settings.getDuration(option, fallback);
    if (d.isZero()) {
      throw settings.invalid(option, settings.get(option).orElse(""), "must be positive");
    }
    return d;
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
      List<String> names = new ArrayList<>();
      for (E value : type.getEnumConstants()) {
        names.add(value.name().toLowerCase(Locale.ROOT));
      }
      throw settings.invalid(option, raw.get(), "must be one of " + String.join(", ", names));
    }
  }
}
