// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.TsigKeyFile;
import org.dnsagent.spi.TsigKeySpec;

/**
 * Builds {@link AgentConfig} from designate.conf-style sections: {@code [DEFAULT]}, {@code
 * [service:agent]}, {@code [backend:agent:DRIVER]}, {@code [tsigkey:NAME]} and, for agents with
 * several targets, {@code [target:NAME]}, each checked against its option schema ({@link
 * CoreOptions}, {@link BackendFactory#options()}). Bad values and unknown options stop start-up
 * with {@code file: [section] option = value: reason}; sections nothing reads become warnings.
 */
public final class AgentConfigLoader {
  public static final String AGENT = "service:agent";
  public static final String BACKEND_PREFIX = "backend:agent:";
  public static final String TSIG_PREFIX = "tsigkey:";
  public static final String TARGET_PREFIX = "target:";

  private final BackendRegistry registry;

  public AgentConfigLoader(BackendRegistry registry) {
    this.registry = registry;
  }

  public LoadedConfig load(List<Path> files) {
    return load(IniConfigReader.read(files));
  }

  /**
   * Checks every section against the option schema, then builds the configuration.
   *
   * @throws ConfigErrors naming, one line each, the file, section, option and value of every
   *     problem the schema finds, or of the first other problem
   */
  public LoadedConfig load(ConfigSections sections) {
    List<String> warnings = new ArrayList<>();
    List<ConfigException> problems = new ArrayList<>();
    try {
      checkSchema(sections, problems, warnings);
    } catch (ConfigException e) {
      problems.add(e);
    }
    if (!problems.isEmpty()) {
      throw ConfigErrors.of(problems, sections);
    }
    try {
      return build(sections, warnings);
    } catch (ConfigErrors e) {
      throw e;
    } catch (ConfigException e) {
      throw ConfigErrors.of(List.of(e), sections);
    }
  }

  /** The schema of every section: unknown options are errors, unread sections warnings. */
  private void checkSchema(
      ConfigSections sections, List<ConfigException> problems, List<String> warnings) {
    OptionCheck.check(
        sections.section(ConfigSections.DEFAULT),
        CoreOptions.DEFAULTS,
        CoreOptions.DESIGNATE_DEFAULTS,
        problems);
    BackendSettings agent = sections.section(AGENT);
    OptionCheck.check(agent, CoreOptions.AGENT, Set.of(), problems);
    Set<String> active = new LinkedHashSet<>();
    List<String> targetNames = agent.getList("targets");
    if (targetNames.isEmpty()) {
      String driver = agent.get("backend_driver", "files");
      active.add(BACKEND_PREFIX + driver);
      registry
          .find(driver)
          .ifPresentOrElse(
              f -> OptionCheck.check(backendSection(sections, f), f.options(), Set.of(), problems),
              () -> problems.add(unknownDriver(AGENT, driver)));
    } else {
      for (String name : targetNames) {
        String section = TARGET_PREFIX + name;
        active.add(section);
        if (!sections.has(section)) {
          continue; // reported by build
        }
        BackendSettings all = sections.section(section);
        List<OptionSpec> specs = new ArrayList<>(CoreOptions.TARGET);
        Optional<String> driver = all.get("backend_driver");
        Optional<BackendFactory> factory = driver.flatMap(registry::find);
        if (driver.isPresent() && factory.isEmpty()) {
          problems.add(unknownDriver(section, driver.get()));
          continue;
        }
        factory.ifPresent(f -> specs.addAll(f.options()));
        OptionCheck.check(sections.section(section, secrets(specs)), specs, Set.of(), problems);
      }
    }
    for (String section : sections.sectionNames()) {
      if (section.equals(ConfigSections.DEFAULT)
          || section.equals(AGENT)
          || active.contains(section)) {
        continue;
      }
      if (section.startsWith(CatalogConfigLoader.CATALOG_PREFIX)) {
        OptionCheck.check(
            sections.section(section), CatalogConfigLoader.OPTIONS, Set.of(), problems);
      } else if (section.startsWith(TSIG_PREFIX)) {
        OptionCheck.check(
            sections.section(section, secrets(CoreOptions.TSIG_KEY)),
            CoreOptions.TSIG_KEY,
            Set.of(),
            problems);
      } else if (section.startsWith(BACKEND_PREFIX)) {
        String driver = section.substring(BACKEND_PREFIX.length());
        Optional<BackendFactory> factory = registry.find(driver);
        factory.ifPresent(
            f -> OptionCheck.check(backendSection(sections, f), f.options(), Set.of(), problems));
        warnings.add(
            "["
                + section
                + "]: not used (backend_driver is "
                + (targetNames.isEmpty() ? agent.get("backend_driver", "files") : "set per target")
                + ")"
                + (factory.isEmpty() ? "; no backend is named " + driver : ""));
      } else if (section.startsWith(TARGET_PREFIX)) {
        warnings.add("[" + section + "]: not used (not listed in [service:agent] targets)");
      } else if (section.startsWith("agent:")) {
        warnings.add(
            "["
                + section
                + "]: nothing reads this section (an old layout); the "
                + section.substring("agent:".length())
                + " backend reads ["
                + BACKEND_PREFIX
                + section.substring("agent:".length())
                + "]");
      } else if (!designateSection(section)) {
        warnings.add("[" + section + "]: nothing reads this section");
      }
    }
  }

  private static boolean designateSection(String section) {
    for (String known : CoreOptions.DESIGNATE_SECTIONS) {
      if (known.endsWith(":") ? section.startsWith(known) : section.equals(known)) {
        return true;
      }
    }
    return false;
  }

  private ConfigException unknownDriver(String section, String driver) {
    return new ConfigException(
        section, "backend_driver", driver, "unknown backend; available: " + registry.names());
  }

  private static BackendSettings backendSection(ConfigSections sections, BackendFactory factory) {
    return sections.section(BACKEND_PREFIX + factory.name(), secrets(factory.options()));
  }

  /** The names of the secret options among {@code specs}. */
  public static Set<String> secrets(List<OptionSpec> specs) {
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec spec : specs) {
      if (spec.secret()) {
        names.add(spec.name());
      }
    }
    return names;
  }

  private LoadedConfig build(ConfigSections sections, List<String> warnings) {
    BackendSettings defaults = sections.section(ConfigSections.DEFAULT);
    BackendSettings agent = sections.section(AGENT);

    Path statePath = Path.of(defaults.get("state_path", AgentConfig.DEFAULT_STATE_PATH));
    boolean debug = defaults.getBoolean("debug", false);

    Map<String, TsigKeySpec> keys = loadTsigKeys(sections);
    List<String> acceptedKeys = agent.getList("tsig_keys");
    for (String key : acceptedKeys) {
      requireKey(keys, AGENT, "tsig_keys", key);
    }
    List<MasterServer> masters = parseMasters(agent, keys);
    List<TargetConfig> targets = loadTargets(sections, agent, keys);

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
    return new LoadedConfig(config, warnings, sections);
  }

  private List<TargetConfig> loadTargets(
      ConfigSections sections, BackendSettings agent, Map<String, TsigKeySpec> keys) {
    List<String> names = agent.getList("targets");
    List<TargetConfig> targets = new ArrayList<>();
    if (names.isEmpty()) {
      String driver = agent.get("backend_driver", "files");
      BackendFactory factory = registry.require(AGENT, driver);
      BackendSettings settings = backendSection(sections, factory);
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
      CoreOptions.TARGET.forEach(o -> backendOptions.remove(o.name()));
      BackendSettings settings =
          new BackendSettings(section, backendOptions, secrets(factory.options()));
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

  private static Map<String, TsigKeySpec> loadTsigKeys(ConfigSections sections) {
    Map<String, TsigKeySpec> keys = new LinkedHashMap<>();
    for (String section : sections.sectionNames()) {
      if (!section.startsWith(TSIG_PREFIX)) {
        continue;
      }
      String name = section.substring(TSIG_PREFIX.length());
      BackendSettings s = sections.section(section, secrets(CoreOptions.TSIG_KEY));
      Optional<String> inline = s.get("secret");
      Optional<Path> file = s.getPath("secret_file");
      if (inline.isPresent() == file.isPresent()) {
        throw new ConfigException(
            section,
            "secret_file",
            "set exactly one of secret and secret_file (secret_file: the file tsig-keygen"
                + " writes, or a bare base64 secret)");
      }
      String secret;
      Optional<String> algorithm = s.get("algorithm");
      if (file.isPresent()) {
        TsigKeyFile.Contents contents;
        try {
          contents = TsigKeyFile.read(file.get());
        } catch (java.io.IOException e) {
          throw s.invalid("secret_file", file.get().toString(), "cannot read: " + Causes.reason(e));
        } catch (IllegalArgumentException e) {
          throw s.invalid("secret_file", file.get().toString(), e.getMessage());
        }
        if (contents.name().isPresent() && !sameKeyName(contents.name().get(), name)) {
          throw s.invalid(
              "secret_file",
              file.get().toString(),
              "the file holds key \""
                  + contents.name().get()
                  + "\" but the section is [tsigkey:"
                  + name
                  + "]; the section name is the key name: rename one");
        }
        if (contents.algorithm().isPresent()
            && algorithm.isPresent()
            && !algorithm.get().equalsIgnoreCase(contents.algorithm().get())) {
          throw s.invalid(
              "algorithm",
              algorithm.get(),
              "the key file says " + contents.algorithm().get() + "; remove one of them");
        }
        if (algorithm.isEmpty()) {
          algorithm = contents.algorithm();
        }
        secret = contents.secret();
      } else {
        secret = inline.get();
      }
      try {
        TsigKeySpec key = new TsigKeySpec(name, algorithm.orElse("hmac-sha256"), secret);
        key.keyName();
        keys.put(name, key);
      } catch (IllegalArgumentException e) {
        String alg = algorithm.orElse("hmac-sha256");
        if (!TsigKeySpec.ALGORITHMS.contains(alg.toLowerCase(java.util.Locale.ROOT))
            && !alg.equalsIgnoreCase("hmac-md5.sig-alg.reg.int")) {
          throw s.invalid(
              "algorithm",
              alg,
              "unknown TSIG algorithm; use one of "
                  + String.join(", ", new java.util.TreeSet<>(TsigKeySpec.ALGORITHMS)));
        }
        throw new ConfigException(
            section, file.isPresent() ? "secret_file" : "secret", e.getMessage());
      }
    }
    return keys;
  }

  private static boolean sameKeyName(String a, String b) {
    String x = a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
    String y = b.endsWith(".") ? b.substring(0, b.length() - 1) : b;
    return x.equalsIgnoreCase(y);
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
}
