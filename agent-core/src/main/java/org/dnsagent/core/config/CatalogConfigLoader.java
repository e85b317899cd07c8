// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Reads the {@code [catalog:NAME]} sections. */
public final class CatalogConfigLoader {
  public static final String CATALOG_PREFIX = "catalog:";

  /** The options of a {@code [catalog:NAME]} section. */
  public static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.required(
              "zone",
              OptionSpec.Type.STRING,
              "the catalog zone's name, for example catalog.example."),
          OptionSpec.of(
              "masters",
              OptionSpec.Type.LIST,
              null,
              "where the catalog is transferred from (host:port key=NAME, ...); default: the"
                  + " agent's masters"),
          OptionSpec.of(
              "target",
              OptionSpec.Type.STRING,
              null,
              "the target members are provisioned on; default: the default (or first) target"),
          OptionSpec.of(
              "max_deletions",
              OptionSpec.Type.STRING,
              "10%",
              "an update removing more members than this (count or share) waits for"
                  + " `dns-agent catalog confirm NAME`"),
          OptionSpec.of(
              "delete_delay",
              OptionSpec.Type.DURATION,
              "3600",
              "seconds a removed member waits before its zone is deleted; 0 deletes at once"),
          OptionSpec.of(
              "group_targets",
              OptionSpec.Type.LIST,
              null,
              "group:target pairs: members with that group property go to that target"));

  private static final Set<String> NAMES = names(OPTIONS);

  private CatalogConfigLoader() {}

  /**
   * @param masters parses a {@code masters} option as the agent's own is parsed
   * @param targets the configured targets' names, the default one first
   */
  public static List<CatalogConfig> load(
      ConfigSections sections,
      MastersParser masters,
      List<org.dnsagent.spi.MasterServer> agentMasters,
      List<String> targets,
      List<String> warnings) {
    List<CatalogConfig> catalogs = new ArrayList<>();
    Map<Name, String> seen = new LinkedHashMap<>();
    for (String section : sections.sectionNames()) {
      if (!section.startsWith(CATALOG_PREFIX)) {
        continue;
      }
      String name = section.substring(CATALOG_PREFIX.length());
      BackendSettings s = sections.section(section);
      for (String option : s.asMap().keySet()) {
        if (!NAMES.contains(option)) {
          throw new ConfigException(section, option, "unknown option (known: " + NAMES + ")");
        }
      }
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw new ConfigException(
            section, null, "catalog names use letters, digits, '.', '_' and '-' only");
      }
      String zoneText = s.require("zone");
      Name zone;
      try {
        zone = Name.fromString(zoneText, Name.root).canonicalize();
      } catch (TextParseException e) {
        throw s.invalid("zone", zoneText, e.getMessage());
      }
      ZoneNames.problem(zone)
          .ifPresent(
              p -> {
                throw s.invalid("zone", zoneText, p);
              });
      String other = seen.put(zone, name);
      if (other != null) {
        throw s.invalid("zone", zoneText, "already followed by [catalog:" + other + "]");
      }
      List<org.dnsagent.spi.MasterServer> from =
          s.get("masters").isPresent() ? masters.parse(s) : agentMasters;
      if (from.isEmpty()) {
        throw new ConfigException(
            section, "masters", "is required (no masters in [service:agent] either)");
      }
      String target = s.get("target", targets.get(0));
      if (!targets.contains(target)) {
        throw s.invalid("target", target, "no such target (configured: " + targets + ")");
      }
      CatalogConfig.DeletionLimit limit;
      try {
        limit = CatalogConfig.DeletionLimit.parse(s.get("max_deletions", "10%"));
      } catch (IllegalArgumentException e) {
        throw s.invalid("max_deletions", s.get("max_deletions", ""), e.getMessage());
      }
      Duration delay = s.getDuration("delete_delay", Duration.ofHours(1));
      if (delay.isNegative()) {
        throw s.invalid("delete_delay", s.get("delete_delay", ""), "must be 0 or more seconds");
      }
      Map<String, String> groups = new LinkedHashMap<>();
      for (String pair : s.getList("group_targets")) {
        int colon = pair.lastIndexOf(':');
        if (colon <= 0 || colon == pair.length() - 1) {
          throw s.invalid("group_targets", pair, "expected group:target");
        }
        String group = pair.substring(0, colon).trim();
        String t = pair.substring(colon + 1).trim();
        if (!targets.contains(t)) {
          throw s.invalid("group_targets", pair, "no such target (configured: " + targets + ")");
        }
        groups.put(group, t);
      }
      catalogs.add(new CatalogConfig(name, zone, from, target, limit, delay, groups));
    }
    return catalogs;
  }

  /** Parses a section's {@code masters} option as the agent parses its own. */
  @FunctionalInterface
  public interface MastersParser {
    List<org.dnsagent.spi.MasterServer> parse(BackendSettings section);
  }

  private static Set<String> names(List<OptionSpec> specs) {
    Set<String> names = new java.util.LinkedHashSet<>();
    specs.forEach(o -> names.add(o.name()));
    return names;
  }
}
