// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog's state for {@code dns-agent catalog list|show} and {@code status}. */
public record CatalogReport(
    String name,
    String zone,
    Optional<Long> serial,
    Optional<Instant> lastTransfer,
    long transfers,
    int memberCount,
    List<MemberView> members,
    List<PendingView> pendingDeletions,
    Optional<CatalogFollower.Held> held,
    Optional<String> lastError,
    String lastUpdate) {

  /** A provisioned member; {@code owned} when this catalog created it (and may delete it). */
  public record MemberView(String zone, String target, String id, boolean owned) {}

  /** A member removed from the catalog, deleted at {@code due} unless it returns. */
  public record PendingView(String zone, String target, Instant due) {}

  /** As plain maps and lists for the admin protocol's JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("zone", zone);
    m.put("serial", serial.orElse(null));
    m.put("last_transfer", lastTransfer.map(Instant::toString).orElse(null));
    m.put("transfers", transfers);
    m.put("members", memberCount);
    if (!members.isEmpty()) {
      m.put(
          "member_zones",
          members.stream()
              .map(
                  v -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("zone", v.zone());
                    e.put("target", v.target());
                    e.put("id", v.id());
                    e.put("owned", v.owned());
                    return e;
                  })
              .toList());
    }
    m.put(
        "pending_deletions",
        pendingDeletions.stream()
            .map(
                p -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("zone", p.zone());
                  e.put("target", p.target());
                  e.put("due", p.due().toString());
                  return e;
                })
            .toList());
    m.put(
        "held_update",
        held.map(
                h -> {
                  Map<String, Object> e = new LinkedHashMap<>();
                  e.put("serial", h.serial());
                  e.put("deletions", h.deletions());
                  e.put("allowed", h.allowed());
                  e.put("since", h.since().toString());
                  return (Object) e;
                })
            .orElse(null));
    m.put("last_update", lastUpdate);
    m.put("last_error", lastError.orElse(null));
    return m;
  }
}
