// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.servers.PdnsDatabase;
import org.dnsagent.testing.servers.PdnsServer;
import org.dnsagent.testing.servers.Signals;
import org.xbill.DNS.Name;

/**
 * The shared backend contract on a real pdns_server, for one database (or the API) and one zone
 * mode. The zone {@code hand.contract.example} is inserted by hand, without the agent's account
 * marker. The outage freezes pdns_server (SIGSTOP); the database keeps running.
 */
abstract class PdnsKitContract extends BackendContract {
  static final Name HAND = TestZones.name("hand.contract.example.");
  static final String API_KEY = "contract-api-key";

  PdnsDatabase db;
  PdnsServer pdns;

  /** The database, created in {@code dir}. */
  abstract PdnsDatabase database(Path dir);

  /** {@code primary} or {@code secondary}. */
  abstract String zoneMode();

  /** True for API mode. */
  boolean api() {
    return false;
  }

  @Override
  protected void startServer() throws Exception {
    db = database(Files.createDirectories(directory().resolve("db")));
    try (Connection c = db.admin()) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO domains (name, type) VALUES (?, 'NATIVE')")) {
        ps.setString(1, "hand.contract.example");
        ps.executeUpdate();
      }
      for (String[] r :
          new String[][] {
            {"SOA", "ns.hand.contract.example. hostmaster.hand.contract.example. 777 60 60 600 60"},
            {"NS", "ns.hand.contract.example."}
          }) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO records (domain_id, name, type, content, ttl, prio, disabled, auth)"
                    + " SELECT id, name, ?, ?, 300, 0, ?, ? FROM domains WHERE name = ?")) {
          ps.setString(1, r[0]);
          ps.setString(2, r[1]);
          ps.setBoolean(3, false);
          ps.setBoolean(4, true);
          ps.setString(5, "hand.contract.example");
          ps.executeUpdate();
        }
      }
    }
    PdnsServer.Builder builder = PdnsServer.builder();
    db.pdnsSettings().forEach(builder::set);
    if (api()) {
      builder.api(API_KEY);
    }
    pdns = builder.start();
  }

  @Override
  protected void stopServer() {
    if (pdns != null) {
      System.out.println("PDNSLOG\n" + pdns.logTail());
      Signals.thaw(pdns.pid());
      pdns.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) throws IOException {
    Map<String, String> s = new HashMap<>();
    if (api()) {
      Path key = directory().resolve("api-key");
      Files.writeString(key, API_KEY + "\n");
      s.put("pdns_mode", "api");
      s.put("api_url", pdns.apiUrl());
      s.put("api_key_file", key.toString());
    } else {
      s.putAll(db.agentSettings());
      s.put("pdns_control_socket_dir", pdns.socketDirectory().toString());
    }
    s.put("zone_mode", zoneMode());
    s.put("query_destination", "127.0.0.1:" + pdns.dnsPort());
    s.put("timeout", Long.toString(backendTimeout().toSeconds()));
    return new PdnsBackendFactory().create(new BackendSettings("backend:agent:pdns", s), context);
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.of(pdns.dnsAddress());
  }

  @Override
  protected Name handConfiguredZone() {
    return HAND;
  }

  @Override
  protected void makeUnavailable() {
    Signals.freeze(pdns.pid());
  }

  @Override
  protected void makeAvailable() {
    Signals.thaw(pdns.pid());
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(2);
  }

  @Override
  protected int bigZoneHosts() {
    // Big enough to need streaming and batching; the contract's 100,000 would add minutes.
    return zoneMode().equals("secondary") ? 2_000 : api() ? 5_000 : 10_000;
  }
}
