// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

/** The databases PowerDNS's generic SQL backends run on, told apart by the JDBC URL. */
enum SqlDialect {
  SQLITE("jdbc:sqlite:", "gsqlite3"),
  MARIADB("jdbc:mariadb:", "gmysql"),
  MYSQL("jdbc:mysql:", "gmysql"),
  POSTGRESQL("jdbc:postgresql:", "gpgsql");

  private final String prefix;
  private final String pdnsBackend;

  SqlDialect(String prefix, String pdnsBackend) {
    this.prefix = prefix;
    this.pdnsBackend = pdnsBackend;
  }

  /** The pdns backend ({@code launch=}) that reads this database. */
  String pdnsBackend() {
    return pdnsBackend;
  }

  /** The JDBC URL to give the driver ({@code jdbc:mysql:} is served by MariaDB's driver). */
  String driverUrl(String url) {
    return this == MYSQL ? "jdbc:mariadb:" + url.substring(prefix.length()) : url;
  }

  static SqlDialect of(String url) {
    for (SqlDialect d : values()) {
      if (url.startsWith(d.prefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "not a JDBC URL for SQLite, MariaDB/MySQL or PostgreSQL (jdbc:sqlite:, jdbc:mariadb:,"
            + " jdbc:mysql:, jdbc:postgresql:)");
  }
}
