// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.CallBatcher;
import org.xbill.DNS.Name;

/**
 * Tells pdns_server about what the agent committed to its database: {@code rediscover} when zones
 * appeared or went (its zone cache otherwise answers REFUSED for a new zone for up to {@code
 * zone-cache-refresh-interval}, 5 minutes by default), then {@code purge NAME$} for each changed
 * zone (its packet and query caches otherwise keep serving the old answers). Calls made while one
 * runs are grouped into the next: one {@code rediscover} and one {@code purge} for many zones.
 */
final class CacheNotifier {
  /** Names per {@code purge} line: pdns_server reads control lines of up to about 1 MB. */
  static final int PURGE_CHUNK = 500;

  /** One zone's change. */
  record Change(Name zone, boolean zoneSetChanged) {}

  private final PdnsControl control;
  private final CallBatcher<Change> batcher;

  CacheNotifier(PdnsControl control) {
    this.control = requireNonNull(control, "control is null");
    this.batcher = new CallBatcher<>(this::run, 5000);
  }

  /** Returns once pdns_server has been told about this change (maybe with others). */
  void changed(Name zone, boolean zoneSetChanged) throws BackendException {
    batcher.submit(new Change(zone, zoneSetChanged));
  }

  /** Tells pdns_server about changes already grouped by the caller (a batch of commits). */
  void changedAll(List<Change> changes) throws BackendException {
    if (!changes.isEmpty()) {
      run(changes);
    }
  }

  private List<BackendException> run(List<Change> changes) throws BackendException {
    if (changes.stream().anyMatch(Change::zoneSetChanged)) {
      String reply = control.execute("rediscover", List.of());
      if (!reply.startsWith("Ok")) {
        throw new BackendException(
            BackendException.Kind.UNAVAILABLE, "pdns_server's rediscover answered: " + reply);
      }
    }
    List<String> purges = new ArrayList<>();
    for (Change c : changes) {
      purges.add(SqlNames.of(c.zone()) + "$");
      if (purges.size() == PURGE_CHUNK) {
        control.execute("purge", purges);
        purges.clear();
      }
    }
    if (!purges.isEmpty()) {
      control.execute("purge", purges);
    }
    return Arrays.asList(new BackendException[changes.size()]);
  }

  /** Asks pdns_server to transfer a secondary zone from its masters now. */
  String retrieve(Name zone) throws BackendException {
    return control.execute("retrieve", List.of(SqlNames.of(zone)));
  }
}
