// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.RequiredBinaries;

/**
 * One database for PowerDNS's generic SQL backends, with the schema the Debian package ships and
 * two users: pdns_server's, and the agent's with only the grants agent-backend-pdns's README
 * documents. SQLite is a file in the given directory; MariaDB and PostgreSQL are throwaway servers
 * ({@link MariaDbServer}, {@link PostgresServer}). Needs the JDBC drivers on the class path.
 */
public abstract class PdnsDatabase implements AutoCloseable {
  static final String AGENT_PASSWORD = "agent-Secret-1";
  static final String PDNS_PASSWORD = "pdns-Secret-1";

  final Path directory;

  PdnsDatabase(Path directory) {
    this.directory = directory;
  }

  /** The pdns.conf settings that launch the backend on this database. */
  public abstract Map<String, String> pdnsSettings();

  /** The agent's connection settings: db_url, db_user, db_password_file. */
  public abstract Map<String, String> agentSettings();

  /** A connection with every privilege, for checks and for zones "configured by hand". */
  public abstract Connection admin() throws SQLException;

  @Override
  public abstract void close();

  Path passwordFile(String password) {
    try {
      Path file = directory.resolve("agent-password");
      Files.writeString(file, password + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The statements of a schema file, comments removed. */
  static List<String> statements(Path schema) {
    try {
      StringBuilder sql = new StringBuilder();
      for (String line : Files.readAllLines(schema)) {
        if (!line.trim().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      List<String> statements = new ArrayList<>();
      for (String s : sql.toString().split(";")) {
        if (!s.isBlank()) {
          statements.add(s.trim());
        }
      }
      return statements;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void execute(Connection c, List<String> statements) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  static Path schema(String backend, String file) {
    Path path = Path.of("/usr/share/pdns-backend-" + backend + "/schema/" + file);
    RequiredBinaries.requireFile(path, "pdns-backend-" + backend);
    return path;
  }

  // ---------------------------------------------------------------------------------------------

  /** An SQLite database file in {@code directory}. */
  public static PdnsDatabase sqlite(Path directory) {
    return new Sqlite(directory);
  }

  /** A throwaway MariaDB server; the agent's password file goes into {@code directory}. */
  public static PdnsDatabase mariadb(Path directory) {
    List<String> schema = new ArrayList<>(statements(schema("mysql", "schema.mysql.sql")));
    // Table grants need the tables.
    schema.add("GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.domains TO 'agent'@'127.0.0.1'");
    schema.add("GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.records TO 'agent'@'127.0.0.1'");
    schema.add("GRANT SELECT, DELETE ON pdns.comments TO 'agent'@'127.0.0.1'");
    schema.add("GRANT SELECT, INSERT, DELETE ON pdns.domainmetadata TO 'agent'@'127.0.0.1'");
    schema.add("GRANT SELECT, INSERT, UPDATE ON pdns.tsigkeys TO 'agent'@'127.0.0.1'");
    schema.add("GRANT SELECT, DELETE ON pdns.cryptokeys TO 'agent'@'127.0.0.1'");
    return new OnServer(
        directory,
        "MariaDB",
        "gmysql",
        MariaDbServer.start(),
        "",
        List.of(
            "CREATE DATABASE pdns",
            "CREATE USER 'pdns'@'127.0.0.1' IDENTIFIED BY '" + PDNS_PASSWORD + "'",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.* TO 'pdns'@'127.0.0.1'",
            "CREATE USER 'agent'@'127.0.0.1' IDENTIFIED BY '" + AGENT_PASSWORD + "'"),
        schema);
  }

  /** A throwaway PostgreSQL cluster; the agent's password file goes into {@code directory}. */
  public static PdnsDatabase postgres(Path directory) {
    List<String> schema = new ArrayList<>(statements(schema("pgsql", "schema.pgsql.sql")));
    schema.add("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pdns");
    schema.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pdns");
    schema.add("GRANT SELECT, INSERT, UPDATE, DELETE ON domains, records TO agent");
    schema.add("GRANT SELECT, DELETE ON comments, cryptokeys TO agent");
    schema.add("GRANT SELECT, INSERT, DELETE ON domainmetadata TO agent");
    schema.add("GRANT SELECT, INSERT, UPDATE ON tsigkeys TO agent");
    schema.add(
        "GRANT USAGE ON SEQUENCE domains_id_seq, records_id_seq, domainmetadata_id_seq,"
            + " tsigkeys_id_seq TO agent");
    return new OnServer(
        directory,
        "PostgreSQL",
        "gpgsql",
        PostgresServer.start(),
        "postgres",
        List.of(
            "CREATE ROLE pdns LOGIN PASSWORD '" + PDNS_PASSWORD + "'",
            "CREATE ROLE agent LOGIN PASSWORD '" + AGENT_PASSWORD + "'",
            "CREATE DATABASE pdns"),
        schema);
  }

  private static final class Sqlite extends PdnsDatabase {
    private final Path file;

    Sqlite(Path directory) {
      super(directory);
      this.file = directory.resolve("pdns.sqlite3");
      try (Connection c = admin()) {
        execute(c, statements(schema("sqlite3", "schema.sqlite3.sql")));
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the SQLite schema", e);
      }
    }

    @Override
    public Map<String, String> pdnsSettings() {
      Map<String, String> s = new LinkedHashMap<>();
      s.put("launch", "gsqlite3");
      s.put("gsqlite3-database", file.toString());
      return s;
    }

    @Override
    public Map<String, String> agentSettings() {
      return Map.of("db_url", "jdbc:sqlite:" + file);
    }

    @Override
    public Connection admin() throws SQLException {
      return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @Override
    public void close() {}
  }

  /** The pdns database on a throwaway SQL server, which {@link #close()} stops. */
  private static final class OnServer extends PdnsDatabase {
    private final String launch;
    private final SqlServer server;

    /**
     * Runs {@code bootstrap} (database and users) as the server's administrator on {@code
     * bootstrapDatabase}, then {@code schema} (tables and grants) on the new database {@code pdns};
     * stops the server if either fails.
     */
    OnServer(
        Path directory,
        String product,
        String launch,
        SqlServer server,
        String bootstrapDatabase,
        List<String> bootstrap,
        List<String> schema) {
      super(directory);
      this.launch = launch;
      this.server = server;
      try (Connection c = adminTo(bootstrapDatabase)) {
        execute(c, bootstrap);
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException("cannot prepare " + product + ": " + e.getMessage(), e);
      }
      try (Connection c = admin()) {
        execute(c, schema);
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException(
            "cannot create the " + product + " schema: " + e.getMessage(), e);
      }
    }

    private Connection adminTo(String database) throws SQLException {
      return DriverManager.getConnection(
          server.jdbcUrl(database), server.adminUser(), server.adminPassword());
    }

    @Override
    public Map<String, String> pdnsSettings() {
      Map<String, String> s = new LinkedHashMap<>();
      s.put("launch", launch);
      s.put(launch + "-host", "127.0.0.1");
      s.put(launch + "-port", Integer.toString(server.port()));
      s.put(launch + "-dbname", "pdns");
      s.put(launch + "-user", "pdns");
      s.put(launch + "-password", PDNS_PASSWORD);
      return s;
    }

    @Override
    public Map<String, String> agentSettings() {
      return Map.of(
          "db_url",
          server.jdbcUrl("pdns"),
          "db_user",
          "agent",
          "db_password_file",
          passwordFile(AGENT_PASSWORD).toString());
    }

    @Override
    public Connection admin() throws SQLException {
      return adminTo("pdns");
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
