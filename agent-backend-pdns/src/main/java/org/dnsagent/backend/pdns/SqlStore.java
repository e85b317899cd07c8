// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneInventory.Inventory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * PowerDNS's generic SQL schema (the one {@code pdns-backend-sqlite3}, {@code -mysql} and {@code
 * -pgsql} ship), through a bounded JDBC connection pool. Every change is one transaction. Zones are
 * the agent's when their {@code domains.account} is the configured marker; the others are never
 * written.
 */
final class SqlStore implements AutoCloseable {
  private static final int BATCH = 500;

  /** One {@code domains} row. */
  record Domain(long id, String name, String type, String account, String master) {
    boolean isOurs(String marker) {
      return marker.equals(account);
    }
  }

  private final PdnsConfig config;
  private final SqlDialect dialect;
  private final int timeoutSeconds;
  private HikariDataSource pool;

  SqlStore(PdnsConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.dialect = config.dialect();
    this.timeoutSeconds = (int) Math.max(1, Math.min(3600, config.timeout().toSeconds()));
  }

  /** The pool, created on first use so that building a backend contacts no database. */
  private synchronized HikariDataSource pool() {
    if (pool == null) {
      HikariConfig hc = new HikariConfig();
      hc.setPoolName("pdns-" + config.account());
      hc.setJdbcUrl(dialect.driverUrl(config.dbUrl()));
      config.dbUser().ifPresent(hc::setUsername);
      config.dbPassword().ifPresent(p -> hc.setPassword(p.reveal()));
      // SQLite takes one writer at a time: more connections would only wait on its lock.
      hc.setMaximumPoolSize(dialect == SqlDialect.SQLITE ? 1 : config.poolSize());
      hc.setMinimumIdle(dialect == SqlDialect.SQLITE ? 1 : Math.min(2, config.poolSize()));
      hc.setConnectionTimeout(Math.max(250, config.timeout().toMillis()));
      hc.setValidationTimeout(Math.max(250, Math.min(config.timeout().toMillis(), 5000)));
      hc.setInitializationFailTimeout(-1);
      hc.setAutoCommit(true);
      if (dialect == SqlDialect.SQLITE) {
        hc.addDataSourceProperty("busy_timeout", Long.toString(config.timeout().toMillis()));
        // Take the write lock when the transaction begins: a read transaction that later writes
        // fails at once (SQLITE_BUSY, no waiting) if pdns_server wrote in between.
        hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      }
      pool = new HikariDataSource(hc);
    }
    return pool;
  }

  /** Checks the schema is there and readable. */
  void check() throws BackendException {
    run(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM domains WHERE account = ?")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, config.account());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, domain_id, name, type, content, ttl, auth FROM records WHERE id = -1")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.executeQuery().close();
          }
          return null;
        },
        "check the schema");
  }

  Optional<Domain> domain(Name zone) throws BackendException {
    return run(c -> domain(c, SqlNames.of(zone)), "read zone " + zone);
  }

  /**
   * What one zone of a batch came to: {@code error} null on success, {@code changedZoneSet} true
   * when a domain was created or deleted (pdns_server must rediscover).
   */
  record Outcome(boolean changedZoneSet, BackendException error) {}

  /**
   * Writes several primary zones in one transaction (one commit, one fsync). A zone refused (not
   * ours) is refused before anything of it is written, and does not stop the others.
   */
  List<Outcome> writePrimary(List<ZoneContent> zones) throws BackendException {
    return transaction(
        c -> {
          List<Outcome> outcomes = new ArrayList<>();
          for (ZoneContent zone : zones) {
            String name = SqlNames.of(zone.name());
            try {
              Optional<Domain> existing = domain(c, name);
              if (existing.isPresent()) {
                Domain d = checkOurs(existing.get(), zone.name(), "NATIVE");
                replaceRecords(c, d.id(), zone);
                outcomes.add(new Outcome(false, null));
              } else {
                long id = insertDomain(c, name, "NATIVE", null);
                replaceRecords(c, id, zone);
                outcomes.add(new Outcome(true, null));
              }
            } catch (Refusal r) {
              outcomes.add(new Outcome(false, new BackendException(r.kind, r.getMessage())));
            }
          }
          return outcomes;
        },
        zones.size() == 1
            ? "write zone " + zones.get(0).name()
            : "write " + zones.size() + " zones");
  }

  /** Applies an IXFR difference to a primary zone of ours at {@code changes.fromSerial()}. */
  void applyChanges(ZoneChanges changes) throws BackendException {
    String name = SqlNames.of(changes.name());
    transaction(
        c -> {
          Domain d =
              checkOurs(
                  domain(c, name)
                      .orElseThrow(
                          () ->
                              new Refusal(
                                  Kind.REJECTED,
                                  "zone " + changes.name() + " is not in PowerDNS's database")),
                  changes.name(),
                  "NATIVE");
          List<Long> soaIds = new ArrayList<>();
          long served = -1;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, content FROM records WHERE domain_id = ? AND type = 'SOA' AND name = ?")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setLong(1, d.id());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                soaIds.add(rs.getLong(1));
                served = RecordRow.serialOf(rs.getString(2));
              }
            }
          }
          if (soaIds.size() != 1 || served != changes.fromSerial()) {
            throw new Refusal(
                Kind.REJECTED,
                "zone "
                    + changes.name()
                    + " is at serial "
                    + served
                    + ", not "
                    + changes.fromSerial());
          }
          Set<Name> delegations = delegations(c, d.id(), changes);
          try (PreparedStatement del =
              c.prepareStatement(
                  "DELETE FROM records WHERE domain_id = ? AND name = ? AND type = ? AND content = ?")) {
            del.setQueryTimeout(timeoutSeconds);
            List<Record> gone = new ArrayList<>(changes.deletions());
            gone.addAll(changes.additions()); // an addition replaces an equal record
            for (Record r : gone) {
              RecordRow row = RecordRow.of(r, changes.name(), delegations);
              del.setLong(1, d.id());
              del.setString(2, row.name());
              del.setString(3, row.type());
              del.setString(4, row.content());
              del.addBatch();
            }
            del.executeBatch();
          }
          try (PreparedStatement ins = insertRecord(c)) {
            for (Record r : changes.additions()) {
              addRow(ins, d.id(), RecordRow.of(r, changes.name(), delegations));
            }
            ins.executeBatch();
          }
          updateSoa(c, soaIds.get(0), RecordRow.of(changes.toSoa(), changes.name(), Set.of()));
          return null;
        },
        "apply changes to zone " + changes.name());
  }

  /**
   * Adds a SLAVE domain transferring from {@code masters}, or updates the masters of ours.
   *
   * @return true if the domain was created
   */
  boolean writeSecondary(Name zone, String masters, Optional<TsigKeySpec> key)
      throws BackendException {
    String name = SqlNames.of(zone);
    return transaction(
        c -> {
          Optional<Domain> existing = domain(c, name);
          if (existing.isPresent()) {
            Domain d = checkOurs(existing.get(), zone, "SLAVE");
            if (key.isPresent()) {
              TransferKeys.set(c, timeoutSeconds, d.id(), key.get());
            }
            if (!masters.equals(d.master())) {
              try (PreparedStatement ps =
                  c.prepareStatement("UPDATE domains SET master = ? WHERE id = ?")) {
                ps.setQueryTimeout(timeoutSeconds);
                ps.setString(1, masters);
                ps.setLong(2, d.id());
                ps.executeUpdate();
              }
            }
            return false;
          }
          long id = insertDomain(c, name, "SLAVE", masters);
          if (key.isPresent()) {
            TransferKeys.set(c, timeoutSeconds, id, key.get());
          }
          return true;
        },
        "write zone " + zone);
  }

  /** Deletes several zones in one transaction; zones not ours are refused, the others deleted. */
  List<Outcome> delete(List<Name> zones) throws BackendException {
    return transaction(
        c -> {
          List<Outcome> outcomes = new ArrayList<>();
          for (Name zone : zones) {
            Optional<Domain> existing = domain(c, SqlNames.of(zone));
            if (existing.isEmpty()) {
              outcomes.add(new Outcome(false, null));
              continue;
            }
            Domain d = existing.get();
            if (!d.isOurs(config.account())) {
              Refusal r = notOurs(zone, d, "not deleting it");
              outcomes.add(new Outcome(false, new BackendException(r.kind, r.getMessage())));
              continue;
            }
            for (String table : List.of("records", "comments", "domainmetadata", "cryptokeys")) {
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM " + table + " WHERE domain_id = ?")) {
                ps.setQueryTimeout(timeoutSeconds);
                ps.setLong(1, d.id());
                ps.executeUpdate();
              }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM domains WHERE id = ?")) {
              ps.setQueryTimeout(timeoutSeconds);
              ps.setLong(1, d.id());
              ps.executeUpdate();
            }
            outcomes.add(new Outcome(true, null));
          }
          return outcomes;
        },
        zones.size() == 1 ? "delete zone " + zones.get(0) : "delete " + zones.size() + " zones");
  }

  /** Every domain with the serial of its SOA row, in one query. */
  Inventory inventory() throws BackendException {
    return run(
        c -> {
          Map<Name, Long> served = new HashMap<>();
          Set<Name> unmanaged = new HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT d.name, d.account, r.content FROM domains d LEFT JOIN records r"
                      + " ON r.domain_id = d.id AND r.type = 'SOA' AND r.name = d.name")) {
            ps.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Name zone;
                try {
                  zone = Name.fromString(rs.getString(1), Name.root);
                } catch (TextParseException e) {
                  continue; // not a name the agent could have written
                }
                if (!config.account().equals(rs.getString(2))) {
                  unmanaged.add(zone);
                } else if (rs.getString(3) != null) {
                  try {
                    served.put(zone, RecordRow.serialOf(rs.getString(3)));
                  } catch (IllegalArgumentException e) {
                    // an unreadable SOA row: the zone is not served properly
                  }
                }
              }
            }
          }
          return new Inventory(served, unmanaged);
        },
        "read the zone inventory");
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Optional<Domain> domain(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, name, type, account, master FROM domains WHERE name = ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Domain(
                rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
      }
    }
  }

  private Domain checkOurs(Domain d, Name zone, String type) throws Refusal {
    if (!d.isOurs(config.account())) {
      throw notOurs(zone, d, "not touching it");
    }
    if (!type.equalsIgnoreCase(d.type())) {
      throw new Refusal(
          Kind.REJECTED,
          "zone "
              + zone
              + " is a "
              + d.type()
              + " zone of the agent's, not "
              + type
              + " (zone_mode changed?): delete it first");
    }
    return d;
  }

  private Refusal notOurs(Name zone, Domain d, String what) {
    return new Refusal(
        Kind.REJECTED,
        "zone "
            + zone
            + " is in PowerDNS's database but was not created by the agent (account "
            + (d.account() == null ? "empty" : "'" + d.account() + "'")
            + ", not '"
            + config.account()
            + "'): "
            + what);
  }

  private long insertDomain(Connection c, String name, String type, String master)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO domains (name, master, type, account) VALUES (?, ?, ?, ?)")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, name);
      ps.setString(2, master);
      ps.setString(3, type);
      ps.setString(4, config.account());
      ps.executeUpdate();
    }
    return domain(c, name).orElseThrow(() -> new SQLException("inserted domain vanished")).id();
  }

  /**
   * Brings the domain's records to {@code zone}'s: deletes rows no longer there, inserts new ones,
   * updates TTL and auth changes, and writes the SOA last. Unchanged rows are not touched.
   */
  private void replaceRecords(Connection c, long domainId, ZoneContent zone)
      throws SQLException, IOException {
    Map<RecordRow.Key, long[]> existing = new HashMap<>(); // key -> {id, ttl, auth}
    List<Long> oldSoa = new ArrayList<>();
    List<Long> gone = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, name, type, content, ttl, auth FROM records WHERE domain_id = ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setLong(1, domainId);
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          if ("SOA".equals(rs.getString(3))) {
            oldSoa.add(id);
            continue;
          }
          RecordRow.Key key = new RecordRow.Key(rs.getString(2), rs.getString(3), rs.getString(4));
          if (existing.putIfAbsent(key, new long[] {id, rs.getLong(5), rs.getBoolean(6) ? 1 : 0})
              != null) {
            gone.add(id); // a duplicate row
          }
        }
      }
    }
    Set<Name> delegations = delegations(zone);
    Set<RecordRow.Key> seen = new HashSet<>();
    List<long[]> updates = new ArrayList<>(); // {id, ttl, auth}
    RecordRow soa = null;
    try (PreparedStatement ins = insertRecord(c);
        RecordReader reader = zone.openRecords()) {
      int pending = 0;
      for (Record r = reader.next(); r != null; r = reader.next()) {
        RecordRow row = RecordRow.of(r, zone.name(), delegations);
        if (r.getType() == Type.SOA) {
          if (r.getName().equals(zone.name()) && soa == null) {
            soa = row;
          }
          continue;
        }
        if (!seen.add(row.key())) {
          continue;
        }
        long[] old = existing.remove(row.key());
        if (old == null) {
          addRow(ins, domainId, row);
          if (++pending == BATCH) {
            ins.executeBatch();
            pending = 0;
          }
        } else if (old[1] != row.ttl() || (old[2] == 1) != row.auth()) {
          updates.add(new long[] {old[0], row.ttl(), row.auth() ? 1 : 0});
        }
      }
      if (pending > 0) {
        ins.executeBatch();
      }
    }
    for (long[] old : existing.values()) {
      gone.add(old[0]);
    }
    deleteRows(c, gone);
    if (!updates.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE records SET ttl = ?, auth = ? WHERE id = ?")) {
        ps.setQueryTimeout(timeoutSeconds);
        for (long[] u : updates) {
          ps.setLong(1, u[1]);
          ps.setBoolean(2, u[2] == 1);
          ps.setLong(3, u[0]);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (soa == null) {
      soa = RecordRow.of(zone.soa(), zone.name(), Set.of());
    }
    if (oldSoa.isEmpty()) {
      try (PreparedStatement ins = insertRecord(c)) {
        addRow(ins, domainId, soa);
        ins.executeBatch();
      }
    } else {
      deleteRows(c, oldSoa.subList(1, oldSoa.size()));
      updateSoa(c, oldSoa.get(0), soa);
    }
  }

  private void deleteRows(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE id = ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      int pending = 0;
      for (long id : ids) {
        ps.setLong(1, id);
        ps.addBatch();
        if (++pending == BATCH) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  private void updateSoa(Connection c, long id, RecordRow soa) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE records SET content = ?, ttl = ?, name = ? WHERE id = ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, soa.content());
      ps.setLong(2, soa.ttl());
      ps.setString(3, soa.name());
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  private PreparedStatement insertRecord(Connection c) throws SQLException {
    PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)"
                + " VALUES (?, ?, ?, ?, ?, 0, ?, ?)");
    ps.setQueryTimeout(timeoutSeconds);
    return ps;
  }

  private static void addRow(PreparedStatement ins, long domainId, RecordRow row)
      throws SQLException {
    ins.setLong(1, domainId);
    ins.setString(2, row.name());
    ins.setString(3, row.type());
    ins.setString(4, row.content());
    ins.setLong(5, row.ttl());
    ins.setBoolean(6, false);
    ins.setBoolean(7, row.auth());
    ins.addBatch();
  }

  /** Owners of NS records below the apex in the new content. */
  private static Set<Name> delegations(ZoneContent zone) throws IOException {
    Set<Name> cuts = new HashSet<>();
    try (RecordReader reader = zone.openRecords()) {
      for (Record r = reader.next(); r != null; r = reader.next()) {
        if (r.getType() == Type.NS && !r.getName().equals(zone.name())) {
          cuts.add(r.getName());
        }
      }
    }
    return cuts;
  }

  /** Owners of NS records below the apex once {@code changes} are applied. */
  private Set<Name> delegations(Connection c, long domainId, ZoneChanges changes)
      throws SQLException {
    Set<Name> cuts = new HashSet<>();
    String apex = SqlNames.of(changes.name());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name FROM records WHERE domain_id = ? AND type = 'NS' AND name <> ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setLong(1, domainId);
      ps.setString(2, apex);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            cuts.add(Name.fromString(rs.getString(1), Name.root));
          } catch (TextParseException e) {
            // not a name: ignore
          }
        }
      }
    }
    for (Record r : changes.additions()) {
      if (r.getType() == Type.NS && !r.getName().equals(changes.name())) {
        cuts.add(r.getName());
      }
    }
    return cuts;
  }

  // ---------------------------------------------------------------------------------------------

  /** A refusal decided inside a transaction, rolled back and rethrown as a BackendException. */
  private static final class Refusal extends SQLException {
    private static final long serialVersionUID = 1L;
    final Kind kind;

    Refusal(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T apply(Connection c) throws SQLException, IOException;
  }

  private <T> T run(Work<T> work, String what) throws BackendException {
    try (Connection c = pool().getConnection()) {
      return work.apply(c);
    } catch (Refusal e) {
      throw new BackendException(e.kind, e.getMessage());
    } catch (SQLException | IOException e) {
      throw failure(what, e);
    }
  }

  private <T> T transaction(Work<T> work, String what) throws BackendException {
    try (Connection c = pool().getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | IOException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (Refusal e) {
      throw new BackendException(e.kind, e.getMessage());
    } catch (SQLException | IOException e) {
      throw failure(what, e);
    }
  }

  private BackendException failure(String what, Exception e) {
    Kind kind = Kind.UNAVAILABLE;
    if (e instanceof SQLException sql) {
      String state = sql.getSQLState() == null ? "" : sql.getSQLState();
      if (state.startsWith("42") || state.startsWith("28")) {
        kind = Kind.MISCONFIGURED; // no such table / column, access denied
      } else if (state.startsWith("23") || state.startsWith("22")) {
        kind = Kind.REJECTED; // constraint violation, data too long
      } else if (sql instanceof SQLTransientException || state.startsWith("08")) {
        kind = Kind.UNAVAILABLE;
      }
      String message = sql.getMessage() == null ? "" : sql.getMessage();
      if (message.contains("no such table") || message.contains("no such column")) {
        kind = Kind.MISCONFIGURED;
      }
    } else if (e instanceof IOException) {
      kind = Kind.INTERNAL; // the agent's spool
    }
    return new BackendException(
        kind,
        "cannot "
            + what
            + " in PowerDNS's database ("
            + dialect.name().toLowerCase(java.util.Locale.ROOT)
            + "): "
            + e.getMessage(),
        e);
  }
}
