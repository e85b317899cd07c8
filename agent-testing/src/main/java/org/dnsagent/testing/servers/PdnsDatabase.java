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
    return new MariaDb(directory);
  }

  /** A throwaway PostgreSQL cluster; the agent's password file goes into {@code directory}. */
  public static PdnsDatabase postgres(Path directory) {
    return new Postgres(directory);
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

  private static final class MariaDb extends PdnsDatabase {
    private final MariaDbServer server;

    MariaDb(Path directory) {
      super(directory);
      server = MariaDbServer.start();
      try (Connection c = adminTo("")) {
        execute(
            c,
            List.of(
                "CREATE DATABASE pdns",
                "CREATE USER 'pdns'@'127.0.0.1' IDENTIFIED BY '" + PDNS_PASSWORD + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.* TO 'pdns'@'127.0.0.1'",
                "CREATE USER 'agent'@'127.0.0.1' IDENTIFIED BY '" + AGENT_PASSWORD + "'"));
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException("cannot prepare MariaDB: " + e.getMessage(), e);
      }
      try (Connection c = admin()) {
        List<String> all = new ArrayList<>(statements(schema("mysql", "schema.mysql.sql")));
        // Table grants need the tables.
        all.add("GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.domains TO 'agent'@'127.0.0.1'");
        all.add("GRANT SELECT, INSERT, UPDATE, DELETE ON pdns.records TO 'agent'@'127.0.0.1'");
        all.add("GRANT SELECT, DELETE ON pdns.comments TO 'agent'@'127.0.0.1'");
        all.add("GRANT SELECT, INSERT, DELETE ON pdns.domainmetadata TO 'agent'@'127.0.0.1'");
        all.add("GRANT SELECT, INSERT, UPDATE ON pdns.tsigkeys TO 'agent'@'127.0.0.1'");
        all.add("GRANT SELECT, DELETE ON pdns.cryptokeys TO 'agent'@'127.0.0.1'");
        execute(c, all);
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException("cannot create the MariaDB schema: " + e.getMessage(), e);
      }
    }

    private Connection adminTo(String database) throws SQLException {
      return DriverManager.getConnection(
          server.jdbcUrl(database), server.adminUser(), server.adminPassword());
    }

    @Override
    public Map<String, String> pdnsSettings() {
      Map<String, String> s = new LinkedHashMap<>();
      s.put("launch", "gmysql");
      s.put("gmysql-host", "127.0.0.1");
      s.put("gmysql-port", Integer.toString(server.port()));
      s.put("gmysql-dbname", "pdns");
      s.put("gmysql-user", "pdns");
      s.put("gmysql-password", PDNS_PASSWORD);
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

  private static final class Postgres extends PdnsDatabase {
    private final PostgresServer server;

    Postgres(Path directory) {
      super(directory);
      server = PostgresServer.start();
      try (Connection c = superuser("postgres")) {
        execute(
            c,
            List.of(
                "CREATE ROLE pdns LOGIN PASSWORD '" + PDNS_PASSWORD + "'",
                "CREATE ROLE agent LOGIN PASSWORD '" + AGENT_PASSWORD + "'",
                "CREATE DATABASE pdns"));
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException("cannot prepare PostgreSQL: " + e.getMessage(), e);
      }
      try (Connection c = admin()) {
        List<String> all = new ArrayList<>(statements(schema("pgsql", "schema.pgsql.sql")));
        all.add("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pdns");
        all.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pdns");
        all.add("GRANT SELECT, INSERT, UPDATE, DELETE ON domains, records TO agent");
        all.add("GRANT SELECT, DELETE ON comments, cryptokeys TO agent");
        all.add("GRANT SELECT, INSERT, DELETE ON domainmetadata TO agent");
        all.add("GRANT SELECT, INSERT, UPDATE ON tsigkeys TO agent");
        all.add(
            "GRANT USAGE ON SEQUENCE domains_id_seq, records_id_seq, domainmetadata_id_seq,"
                + " tsigkeys_id_seq TO agent");
        execute(c, all);
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException(
            "cannot create the PostgreSQL schema: " + e.getMessage(), e);
      }
    }

    private Connection superuser(String database) throws SQLException {
      return DriverManager.getConnection(
          server.jdbcUrl(database), server.superuser(), server.superuserPassword());
    }

    @Override
    public Map<String, String> pdnsSettings() {
      Map<String, String> s = new LinkedHashMap<>();
      s.put("launch", "gpgsql");
      s.put("gpgsql-host", "127.0.0.1");
      s.put("gpgsql-port", Integer.toString(server.port()));
      s.put("gpgsql-dbname", "pdns");
      s.put("gpgsql-user", "pdns");
      s.put("gpgsql-password", PDNS_PASSWORD);
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
      return superuser("pdns");
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
