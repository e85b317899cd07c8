// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.MasterServer;
import org.xbill.DNS.Name;

/**
 * One {@code [catalog:NAME]} section: a catalog zone (RFC 9432) the agent follows, where it comes
 * from, where its members go, and the guard rails on deletions.
 *
 * @param name the section's NAME, used by {@code dns-agent catalog show NAME}
 * @param zone the catalog zone's name
 * @param masters where the catalog is transferred from (the agent's masters by default)
 * @param target the target new members go to, unless a group maps them elsewhere
 * @param maxDeletions the most members one update may remove before it is held for an operator
 * @param deleteDelay how long a removed member waits before it is deleted (cancelled if it returns)
 * @param groupTargets {@code group} property value → target
 */
public record CatalogConfig(
    String name,
    Name zone,
    List<MasterServer> masters,
    String target,
    DeletionLimit maxDeletions,
    Duration deleteDelay,
    Map<String, String> groupTargets) {
  public CatalogConfig {
    requireNonNull(name, "name is null");
    requireNonNull(zone, "zone is null");
    masters = List.copyOf(masters);
    requireNonNull(target, "target is null");
    requireNonNull(maxDeletions, "maxDeletions is null");
    requireNonNull(deleteDelay, "deleteDelay is null");
    groupTargets = Map.copyOf(groupTargets);
  }

  /** The target for a member with these {@code group} values: the first mapped one, else ours. */
  public String targetFor(List<String> groups) {
    for (String group : groups) {
      String t = groupTargets.get(group);
      if (t != null) {
        return t;
      }
    }
    return target;
  }

  /**
   * A limit on deletions per catalog update: a count ({@code 5}) or a share of the members the
   * catalog had ({@code 10%}).
   */
  public record DeletionLimit(long value, boolean percent) {
    public DeletionLimit {
      if (value < 0 || (percent && value > 100)) {
        throw new IllegalArgumentException("out of range");
      }
    }

    /** Parses {@code 5} or {@code 10%}. */
    public static DeletionLimit parse(String text) {
      String t = text.trim();
      boolean percent = t.endsWith("%");
      String number = percent ? t.substring(0, t.length() - 1).trim() : t;
      try {
        return new DeletionLimit(Long.parseLong(number), percent);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a count such as 5 or a share such as 10%", e);
      }
    }

    /** The most deletions allowed out of {@code members}. */
    public long allowed(long members) {
      return percent ? members * value / 100 : value;
    }

    @Override
    public String toString() {
      return value + (percent ? "%" : "");
    }
  }
}
