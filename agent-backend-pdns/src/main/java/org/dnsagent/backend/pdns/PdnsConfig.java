// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.OptionSpec.Type;

/** The settings of section {@code [backend:agent:pdns]}, validated. */
record PdnsConfig(
    Mode mode,
    ZoneMode zoneMode,
    String account,
    String dbUrl,
    Optional<String> dbUser,
    Optional<Secret> dbPassword,
    int poolSize,
    Path controlSocketDir,
    ControlTransport controlTransport,
    Path controlPath,
    URI apiUrl,
    Optional<Secret> apiKey,
    String serverId,
    Optional<Path> apiCaFile,
    int apiMaxConcurrentWrites,
    InetSocketAddress queryDestination,
    Duration timeout) {

  /** Where PowerDNS keeps zones for the agent. */
  enum Mode {
    DATABASE,
    API
  }

  /** Who transfers zones from the masters. */
  enum ZoneMode {
    PRIMARY,
    SECONDARY
  }

  /** How {@code rediscover}, {@code purge} and {@code retrieve} reach pdns_server. */
  enum ControlTransport {
    NATIVE,
    EXEC
  }

  static final String DEFAULT_ACCOUNT = "dns-agent";
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.:-]{1,40}");
  private static final Pattern SERVER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Every option, declared once. */
  static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.choice(
              "pdns_mode",
              List.of("database", "api"),
              "database: write zones into PowerDNS's SQL database; api: use its HTTP API"),
          OptionSpec.choice(
              "zone_mode",
              List.of("primary", "secondary"),
              "primary: the agent transfers and writes NATIVE zones; secondary: SLAVE zones that"
                  + " pdns_server transfers from the masters itself"),
          OptionSpec.of(
              "account",
              Type.STRING,
              DEFAULT_ACCOUNT,
              "value of the domains' account column marking the zones the agent created; others"
                  + " are never touched"),
          OptionSpec.of(
              "db_url",
              Type.STRING,
              null,
              "JDBC URL of PowerDNS's database (database mode): jdbc:sqlite:/var/lib/powerdns/"
                  + "pdns.sqlite3, jdbc:mariadb://host/pdns or jdbc:postgresql://host/pdns"),
          OptionSpec.of("db_user", Type.STRING, null, "database user (MariaDB, PostgreSQL)"),
          OptionSpec.of(
                  "db_password_file",
                  Type.PATH,
                  null,
                  "file holding the database user's password (one line)")
              .asSecret(),
          OptionSpec.of(
              "db_pool_size",
              Type.INTEGER,
              "4",
              "most database connections the agent keeps open (SQLite always uses 1)"),
          OptionSpec.of(
              "pdns_control_socket_dir",
              Type.PATH,
              "/var/run/pdns",
              "pdns_server's socket-dir, holding pdns.controlsocket"),
          OptionSpec.choice(
              "pdns_control_transport",
              List.of("native", "exec"),
              "native: speak to pdns.controlsocket directly; exec: run pdns_control (also over"
                  + " SSH)"),
          OptionSpec.of(
              "pdns_control_path",
              Type.PATH,
              "/usr/bin/pdns_control",
              "the pdns_control program, for pdns_control_transport = exec"),
          OptionSpec.of(
              "api_url",
              Type.STRING,
              "http://127.0.0.1:8081",
              "PowerDNS webserver URL (api mode), https:// for TLS"),
          OptionSpec.of("api_key_file", Type.PATH, null, "file holding the X-API-Key (api mode)")
              .asSecret(),
          OptionSpec.of("server_id", Type.STRING, "localhost", "the API's server id"),
          OptionSpec.of(
              "api_ca_file",
              Type.PATH,
              null,
              "PEM file of a CA trusted for api_url besides the system's"),
          OptionSpec.of(
              "api_max_concurrent_writes",
              Type.INTEGER,
              "1",
              "API calls that change zones at the same time; pdns 4.7 on SQLite fails concurrent"
                  + " ones (database is locked), MariaDB/PostgreSQL take more"),
          OptionSpec.of(
              "query_destination",
              Type.HOST_PORT,
              "127.0.0.1:53",
              "where pdns_server answers DNS queries, to read the served SOA"),
          OptionSpec.of(
              "timeout",
              Type.DURATION,
              "10",
              "timeout of one database, API, control socket or DNS call"));

  PdnsConfig {
    requireNonNull(mode, "mode is null");
    requireNonNull(zoneMode, "zoneMode is null");
    requireNonNull(account, "account is null");
    requireNonNull(dbUser, "dbUser is null");
    requireNonNull(dbPassword, "dbPassword is null");
    requireNonNull(controlSocketDir, "controlSocketDir is null");
    requireNonNull(controlTransport, "controlTransport is null");
    requireNonNull(controlPath, "controlPath is null");
    requireNonNull(apiKey, "apiKey is null");
    requireNonNull(serverId, "serverId is null");
    requireNonNull(apiCaFile, "apiCaFile is null");
    requireNonNull(queryDestination, "queryDestination is null");
    requireNonNull(timeout, "timeout is null");
  }

  /** The database's kind, from the JDBC URL. */
  SqlDialect dialect() {
    return SqlDialect.of(dbUrl);
  }

  /**
   * Binds and checks the settings; reads the secret files (local files, no server is contacted).
   *
   * @throws org.dnsagent.spi.ConfigException naming the section and option of the first error
   */
  static PdnsConfig from(BackendSettings settings, BackendContext context) {
    Mode mode = choice(settings, "pdns_mode", Mode.class, Mode.DATABASE);
    ZoneMode zoneMode = choice(settings, "zone_mode", ZoneMode.class, ZoneMode.PRIMARY);
    String account = settings.get("account", DEFAULT_ACCOUNT);
    if (!ACCOUNT.matcher(account).matches()) {
      throw settings.invalid(
          "account", account, "1 to 40 letters, digits, '_', '.', ':' or '-' expected");
    }
    if (zoneMode == ZoneMode.SECONDARY) {
      checkMasters(settings, context.masters());
      try {
        masterKey(context.masters());
      } catch (IllegalArgumentException e) {
        throw settings.invalid("zone_mode", "secondary", e.getMessage());
      }
    }
    Duration timeout = settings.getDuration("timeout", Duration.ofSeconds(10));
    if (timeout.isZero()) {
      throw settings.invalid("timeout", settings.get("timeout", ""), "must be positive");
    }
    InetSocketAddress queryDestination = settings.getHostPort("query_destination", "127.0.0.1", 53);

    String dbUrl = "";
    Optional<Secret> dbPassword = Optional.empty();
    Optional<Secret> apiKey = Optional.empty();
    URI apiUrl = URI.create("http://127.0.0.1:8081");
    if (mode == Mode.DATABASE) {
      dbUrl = settings.require("db_url");
      try {
        SqlDialect.of(dbUrl);
      } catch (IllegalArgumentException e) {
        throw settings.invalid("db_url", dbUrl, e.getMessage());
      }
      dbPassword = secret(settings, "db_password_file");
    } else {
      String raw = settings.get("api_url", apiUrl.toString());
      try {
        apiUrl = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      } catch (URISyntaxException e) {
        throw settings.invalid("api_url", raw, "not a URL: " + e.getReason());
      }
      String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https") || apiUrl.getHost() == null) {
        throw settings.invalid("api_url", raw, "expected http://host:port or https://host:port");
      }
      apiKey = secret(settings, "api_key_file");
      if (apiKey.isEmpty()) {
        throw settings.invalid("api_key_file", "", "is required in api mode");
      }
    }
    String serverId = settings.get("server_id", "localhost");
    if (!SERVER_ID.matcher(serverId).matches()) {
      throw settings.invalid("server_id", serverId, "letters, digits, '_', '.' and '-' only");
    }
    return new PdnsConfig(
        mode,
        zoneMode,
        account,
        dbUrl,
        settings.get("db_user"),
        dbPassword,
        settings.getInt("db_pool_size", 4, 1, 64),
        settings.getPath("pdns_control_socket_dir").orElse(Path.of("/var/run/pdns")),
        choice(settings, "pdns_control_transport", ControlTransport.class, ControlTransport.NATIVE),
        settings.getPath("pdns_control_path").orElse(Path.of("/usr/bin/pdns_control")),
        apiUrl,
        apiKey,
        serverId,
        settings.getPath("api_ca_file"),
        settings.getInt("api_max_concurrent_writes", 1, 1, 64),
        queryDestination,
        timeout);
  }

  private static Optional<Secret> secret(BackendSettings settings, String option) {
    Optional<Path> file = settings.getPath(option);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Secret.readFrom(file.get()));
    } catch (IOException e) {
      throw settings.invalid(option, file.get().toString(), "cannot read: " + e.getMessage());
    }
  }

  /** The masters as PowerDNS writes them: {@code ip:port}, {@code [v6]:port}. */
  static List<String> masterList(List<MasterServer> masters) {
    List<String> list = new ArrayList<>();
    for (MasterServer m : masters) {
      String ip = m.address().getAddress().getHostAddress();
      int port = m.address().getPort();
      list.add(ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port);
    }
    return list;
  }

  private static void checkMasters(BackendSettings settings, List<MasterServer> masters) {
    if (masters.isEmpty()) {
      throw settings.invalid(
          "zone_mode", "secondary", "pdns_server needs masters to transfer from; none are set");
    }
    for (MasterServer m : masters) {
      if (m.address().getAddress() == null) {
        throw settings.invalid("zone_mode", "secondary", "master " + m + " has no address");
      }
    }
  }

  /**
   * The TSIG key pdns_server signs its transfers from the masters with: PowerDNS keeps one per zone
   * ({@code AXFR-MASTER-TSIG}), so masters with keys must share it.
   */
  static Optional<org.dnsagent.spi.TsigKeySpec> masterKey(List<MasterServer> masters) {
    Optional<org.dnsagent.spi.TsigKeySpec> key = Optional.empty();
    for (MasterServer m : masters) {
      if (m.key().isPresent()) {
        if (key.isPresent() && !key.get().equals(m.key().get())) {
          throw new IllegalArgumentException(
              "PowerDNS signs a zone's transfers with one key; masters use "
                  + key.get().name()
                  + " and "
                  + m.key().get().name());
        }
        key = m.key();
      }
    }
    return key;
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
