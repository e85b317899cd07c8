// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;

/**
 * Builds {@link AgentConfig} from designate.conf-style sections: {@code [DEFAULT]}, {@code
 * [service:agent]}, {@code [backend:agent:DRIVER]}, {@code [tsigkey:NAME]} and, for agents with
 * several targets, {@code [target:NAME]}. Bad values stop start-up with {@code [section] option =
 * value: reason}; unknown options become warnings naming them.
 */
public final class AgentConfigLoader {
  public static final String AGENT = "service:agent";
  public static final String BACKEND_PREFIX = "backend:agent:";
  public static final String TSIG_PREFIX = "tsigkey:";
  public static final String TARGET_PREFIX = "target:";

  static final Set<String> DEFAULT_OPTIONS =
      Set.of(
          "state_path",
          "debug",
          "verbose",
          "log_file",
          "log_dir",
          "use_stderr",
          "log_config_append",
          "host");
  static final Set<String> AGENT_OPTIONS =
      union(
          OperationsConfigLoader.OPTIONS,
          Set.of(
              "listen",
              "host",
              "port",
              "workers",
              "threads",
              "tcp_backlog",
              "tcp_recv_timeout",
              "tcp_idle_timeout",
              "max_tcp_connections",
              "max_request_size",
              "operation_workers",
              "max_pending_operations",
              "masters",
              "allow_notify",
              "backend_driver",
              "transfer_source",
              "notify_delay",
              "soa_query_timeout",
              "transfer_connect_timeout",
              "transfer_idle_timeout",
              "transfer_timeout",
              "transfer_max_records",
              "transfer_max_bytes",
              "tsig_keys",
              "require_tsig",
              "targets"));
  static final Set<String> TSIG_OPTIONS = Set.of("algorithm", "secret", "secret_file");
  static final Set<String> TARGET_OPTIONS =
      Set.of("backend_driver", "tsig_keys", "listen", "masters");

  private final BackendRegistry registry;

  public AgentConfigLoader(BackendRegistry registry) {
    this.registry = registry;
  }

  public LoadedConfig load(List<Path> files) {
    return load(IniConfigReader.read(files));
  }

  public LoadedConfig load(ConfigSections sections) {
    List<String> warnings = new ArrayList<>();
    BackendSettings defaults = sections.section(ConfigSections.DEFAULT);
    BackendSettings agent = sections.section(AGENT);
    warnUnknown(defaults, DEFAULT_OPTIONS, warnings);
    warnUnknown(agent, AGENT_OPTIONS, warnings);

    Path statePath = Path.of(defaults.get("state_path", AgentConfig.DEFAULT_STATE_PATH));
    boolean debug = defaults.getBoolean("debug", false);

    Map<String, TsigKeySpec> keys = loadTsigKeys(sections, warnings);
    List<String> acceptedKeys = agent.getList("tsig_keys");
    for (String key : acceptedKeys) {
      requireKey(keys, AGENT, "tsig_keys", key);
    }
    List<MasterServer> masters = parseMasters(agent, keys);
    List<TargetConfig> targets = loadTargets(sections, agent, keys, warnings);

    // Keys listed for targets count too: with split horizon they are the only ones.
    boolean anyKey =
        !acceptedKeys.isEmpty() || targets.stream().anyMatch(t -> !t.tsigKeys().isEmpty());
    boolean requireTsig = agent.getBoolean("require_tsig", anyKey);
    if (requireTsig && !anyKey) {
      throw agent.invalid(
          "require_tsig", "true", "no keys listed in tsig_keys (of [service:agent] or a target)");
    }
    AddressAcl allowNotify;
    try {
      allowNotify = AddressAcl.parse(agent.getList("allow_notify"));
    } catch (IllegalArgumentException e) {
      throw agent.invalid("allow_notify", agent.get("allow_notify", ""), e.getMessage());
    }
    if (allowNotify.isEmpty()) {
      // Designate treated an empty list as "everyone"; we treat it as "the masters only".
      allowNotify =
          AddressAcl.of(
              Stream.concat(masters.stream(), targets.stream().flatMap(t -> t.masters().stream()))
                  .map(m -> m.address().getAddress())
                  .distinct()
                  .toList());
    }

    TransferLimits d = TransferLimits.defaults();
    TransferLimits limits =
        new TransferLimits(
            agent.getDuration("transfer_connect_timeout", d.connectTimeout()),
            agent.getDuration("transfer_idle_timeout", d.idleTimeout()),
            agent.getDuration("transfer_timeout", d.totalTimeout()),
            agent.getLong("transfer_max_records", d.maxRecords(), 1, Long.MAX_VALUE),
            agent.getLong("transfer_max_bytes", d.maxBytes(), 512, Long.MAX_VALUE));
    positive(agent, "transfer_timeout", limits.totalTimeout());
    positive(agent, "transfer_idle_timeout", limits.idleTimeout());
    positive(agent, "transfer_connect_timeout", limits.connectTimeout());

    int cores = Runtime.getRuntime().availableProcessors();
    AgentConfig config =
        new AgentConfig(
            statePath,
            debug,
            parseListen(agent),
            agent.getInt("tcp_backlog", 100, 1, 65535),
            positive(
                agent,
                "tcp_recv_timeout",
                agent.getDuration("tcp_recv_timeout", Duration.ofMillis(500))),
            positive(
                agent,
                "tcp_idle_timeout",
                agent.getDuration("tcp_idle_timeout", Duration.ofSeconds(30))),
            agent.getInt("max_tcp_connections", 200, 1, 100_000),
            agent.getInt("max_request_size", 16384, 512, 65535),
            agent.getInt("workers", Math.max(4, cores * 2), 1, 1024),
            agent.getInt("operation_workers", 32, 1, 1024),
            agent.getInt("max_pending_operations", 100_000, 1, 10_000_000),
            masters,
            allowNotify,
            parseTransferSource(agent),
            agent.getDuration("notify_delay", Duration.ZERO),
            positive(
                agent,
                "soa_query_timeout",
                agent.getDuration("soa_query_timeout", Duration.ofSeconds(3))),
            limits,
            keys,
            acceptedKeys,
            requireTsig,
            targets,
            OperationsConfigLoader.load(agent, statePath),
            CatalogConfigLoader.load(
                sections,
                section -> parseMasters(section, keys),
                masters,
                targets.stream().map(TargetConfig::name).toList(),
                warnings));
    warnUnknownSections(sections, config, warnings);
    return new LoadedConfig(config, warnings, sections);
  }

  private List<TargetConfig> loadTargets(
      ConfigSections sections,
      BackendSettings agent,
      Map<String, TsigKeySpec> keys,
      List<String> warnings) {
    List<String> names = agent.getList("targets");
    List<TargetConfig> targets = new ArrayList<>();
    if (names.isEmpty()) {
      String driver = agent.get("backend_driver", "files");
      BackendFactory factory = registry.require(AGENT, driver);
      BackendSettings settings =
          sections.section(BACKEND_PREFIX + driver, factory.sensitiveOptions());
      warnUnknown(settings, factory.knownOptions(), warnings);
      targets.add(new TargetConfig("default", driver, settings, List.of(), List.of()));
      return targets;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      if (!name.matches("[A-Za-z0-9_-]{1,64}") || !seen.add(name)) {
        throw agent.invalid(
            "targets", agent.get("targets", ""), "bad or repeated target name '" + name + "'");
      }
      String section = TARGET_PREFIX + name;
      if (!sections.has(section)) {
        throw new ConfigException(
            section, null, "section is missing (listed in [service:agent] targets)");
      }
      BackendSettings all = sections.section(section);
      BackendFactory factory = registry.require(section, all.require("backend_driver"));
      Map<String, String> backendOptions = new LinkedHashMap<>(all.asMap());
      TARGET_OPTIONS.forEach(backendOptions::remove);
      BackendSettings settings =
          new BackendSettings(section, backendOptions, factory.sensitiveOptions());
      warnUnknown(settings, factory.knownOptions(), warnings);
      List<String> targetKeys = all.getList("tsig_keys");
      for (String key : targetKeys) {
        requireKey(keys, section, "tsig_keys", key);
      }
      List<InetSocketAddress> local = new ArrayList<>();
      for (String item : all.getList("listen")) {
        try {
          local.add(HostPort.parse(item, AgentConfig.DEFAULT_PORT));
        } catch (IllegalArgumentException e) {
          throw all.invalid("listen", item, e.getMessage());
        }
      }
      List<MasterServer> targetMasters = parseMasters(all, keys);
      targets.add(
          new TargetConfig(name, factory.name(), settings, targetKeys, local, targetMasters));
    }
    return targets;
  }

  private static Map<String, TsigKeySpec> loadTsigKeys(
      ConfigSections sections, List<String> warnings) {
    Map<String, TsigKeySpec> keys = new LinkedHashMap<>();
    for (String section : sections.sectionNames()) {
      if (!section.startsWith(TSIG_PREFIX)) {
        continue;
      }
      String name = section.substring(TSIG_PREFIX.length());
      BackendSettings s = sections.section(section, Set.of("secret"));
      warnUnknown(s, TSIG_OPTIONS, warnings);
      String secret;
      Optional<String> inline = s.get("secret");
      Optional<Path> file = s.getPath("secret_file");
      if (inline.isPresent() == file.isPresent()) {
        throw new ConfigException(section, "secret", "set exactly one of secret and secret_file");
      }
      if (file.isPresent()) {
        try {
          secret = Files.readString(file.get(), StandardCharsets.US_ASCII).trim();
        } catch (java.io.IOException e) {
          throw s.invalid("secret_file", file.get().toString(), "cannot read: " + e.getMessage());
        }
      } else {
        secret = inline.get();
      }
      try {
        TsigKeySpec key = new TsigKeySpec(name, s.get("algorithm", "hmac-sha256"), secret);
        key.keyName();
        keys.put(name, key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(section, "secret", e.getMessage());
      }
    }
    return keys;
  }

  /** {@code masters} of {@code [service:agent]} or of a {@code [target:NAME]}. */
  private static List<MasterServer> parseMasters(
      BackendSettings section, Map<String, TsigKeySpec> keys) {
    List<MasterServer> masters = new ArrayList<>();
    for (String item : section.getList("masters")) {
      String[] parts = item.trim().split("\\s+");
      Optional<TsigKeySpec> key = Optional.empty();
      for (int i = 1; i < parts.length; i++) {
        if (!parts[i].startsWith("key=")) {
          throw section.invalid("masters", item, "expected 'host:port [key=NAME]'");
        }
        String keyName = parts[i].substring(4);
        requireKey(keys, section.section(), "masters", keyName);
        key = Optional.of(keys.get(keyName));
      }
      try {
        masters.add(new MasterServer(HostPort.parse(parts[0], 53), key));
      } catch (IllegalArgumentException e) {
        throw section.invalid("masters", item, e.getMessage());
      }
    }
    return masters;
  }

  private static List<InetSocketAddress> parseListen(BackendSettings agent) {
    List<String> items = agent.getList("listen");
    if (items.isEmpty()) {
      String host = agent.get("host", "0.0.0.0");
      int port = agent.getInt("port", AgentConfig.DEFAULT_PORT, 0, 65535);
      items = List.of(host.contains(":") ? "[" + host + "]:" + port : host + ":" + port);
    }
    List<InetSocketAddress> result = new ArrayList<>();
    for (String item : items) {
      try {
        result.add(HostPort.parse(item, AgentConfig.DEFAULT_PORT));
      } catch (IllegalArgumentException e) {
        throw agent.invalid("listen", item, e.getMessage());
      }
    }
    return result;
  }

  private static Optional<InetAddress> parseTransferSource(BackendSettings agent) {
    Optional<String> raw = agent.get("transfer_source");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      if (!raw.get().matches("[0-9a-fA-F:.]+")) {
        throw new UnknownHostException();
      }
      return Optional.of(InetAddress.getByName(raw.get()));
    } catch (UnknownHostException e) {
      throw agent.invalid("transfer_source", raw.get(), "not an IP address");
    }
  }

  private static void requireKey(
      Map<String, TsigKeySpec> keys, String section, String option, String name) {
    if (!keys.containsKey(name)) {
      throw new ConfigException(
          section, option, name, "no [tsigkey:" + name + "] section defines this key");
    }
  }

  private static Duration positive(BackendSettings s, String option, Duration value) {
    if (value.isZero()) {
      throw s.invalid(option, "0", "must be greater than zero");
    }
    return value;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static void warnUnknown(
      BackendSettings settings, Set<String> known, List<String> warnings) {
    for (String option : settings.asMap().keySet()) {
      if (!known.contains(option)) {
        warnings.add("[" + settings.section() + "] " + option + ": unknown option, ignored");
      }
    }
  }

  private static void warnUnknownSections(
      ConfigSections sections, AgentConfig config, List<String> warnings) {
    Set<String> used = new LinkedHashSet<>();
    used.add(ConfigSections.DEFAULT);
    used.add(AGENT);
    config.targets().forEach(t -> used.add(t.settings().section()));
    for (String section : sections.sectionNames()) {
      boolean ours = section.startsWith(BACKEND_PREFIX) || section.startsWith(TARGET_PREFIX);
      if (ours && !used.contains(section)) {
        warnings.add("[" + section + "]: section is not used by any configured target");
      }
    }
  }
}
