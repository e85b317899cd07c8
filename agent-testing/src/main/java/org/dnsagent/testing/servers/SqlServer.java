// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.testing.servers;

/** A throwaway SQL server on loopback with an administrator able to create databases and users. */
public interface SqlServer extends AutoCloseable {
  int port();

  /** The JDBC URL of {@code database} on this server. */
  String jdbcUrl(String database);

  /** A user with every privilege, connecting from 127.0.0.1. */
  String adminUser();

  String adminPassword();

  /** Stops the server and deletes its files. */
  @Override
  void close();
}
