// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.dnsagent.spi.TsigKeySpec;

/** The TSIG key pdns_server signs a secondary zone's transfers with, in its SQL schema. */
final class TransferKeys {
  private TransferKeys() {}

  /**
   * Makes pdns_server sign the zone's transfers with {@code key}: the key in {@code tsigkeys}
   * (added, or its secret updated), named by the zone's {@code AXFR-MASTER-TSIG} metadata.
   */
  static void set(Connection c, int timeoutSeconds, long domainId, TsigKeySpec key)
      throws SQLException {
    String keyName = key.keyName().toString(true).toLowerCase(java.util.Locale.ROOT);
    String secret = null;
    boolean found = false;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT secret FROM tsigkeys WHERE name = ? AND algorithm = ?")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, keyName);
      ps.setString(2, key.algorithm());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          found = true;
          secret = rs.getString(1);
        }
      }
    }
    if (!found) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO tsigkeys (name, algorithm, secret) VALUES (?, ?, ?)")) {
        ps.setQueryTimeout(timeoutSeconds);
        ps.setString(1, keyName);
        ps.setString(2, key.algorithm());
        ps.setString(3, key.secret());
        ps.executeUpdate();
      }
    } else if (!key.secret().equals(secret)) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE tsigkeys SET secret = ? WHERE name = ? AND algorithm = ?")) {
        ps.setQueryTimeout(timeoutSeconds);
        ps.setString(1, key.secret());
        ps.setString(2, keyName);
        ps.setString(3, key.algorithm());
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM domainmetadata WHERE domain_id = ? AND kind = 'AXFR-MASTER-TSIG'")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setLong(1, domainId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO domainmetadata (domain_id, kind, content) VALUES (?, 'AXFR-MASTER-TSIG', ?)")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setLong(1, domainId);
      ps.setString(2, keyName);
      ps.executeUpdate();
    }
  }
}
