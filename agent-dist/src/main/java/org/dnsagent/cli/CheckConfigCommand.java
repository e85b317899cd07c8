// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.core.config.CatalogConfigLoader;
import org.dnsagent.core.config.Causes;
import org.dnsagent.core.config.ConfigErrors;
import org.dnsagent.core.config.ConfigSections;
import org.dnsagent.core.config.CoreOptions;
import org.dnsagent.core.config.LoadedConfig;
import org.dnsagent.core.config.OptionCheck;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.LocalHostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Validates the configuration as start-up would (every target's backend is built by its factory,
 * without contacting servers) and prints the effective settings, typed, secrets masked; with {@code
 * --connect}, also reaches every backend, master and query destination.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration as the agent would at start-up (every target's backend is built,"
          + " no server is contacted) and print the effective settings, secrets masked.",
      "With --connect, also start each backend and query it, and query each master.",
      "Exit status: 0 fine, 2 a problem (one line each on stderr)."
    })
final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final String MASK = OptionCheck.MASK;

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--connect",
      description =
          "also start every backend (control channel), query it (query destination) and send an"
              + " SOA query to every master")
  boolean connect;

  @Override
  public Integer call() {
    Logging.quiet();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = config.effectiveFiles();
    if (files.isEmpty()) {
      err.println(
          "dns-agent: configuration error: no configuration file: "
              + ConfigOptions.DEFAULT_CONFIG
              + " does not exist; give one with --config-file FILE");
      err.flush();
      return 2;
    }
    BackendRegistry registry = BackendRegistry.discover();
    LoadedConfig loaded;
    try {
      loaded = config.load(registry);
    } catch (ConfigException e) {
      Errors.print(err, e);
      return 2;
    }
    AgentConfig c = loaded.config();
    List<String> problems = new ArrayList<>();
    List<String> reached = new ArrayList<>();
    for (TargetConfig t : c.targets()) {
      if (c.mastersOf(t).isEmpty()) {
        problems.add(
            locate(
                loaded.sections(),
                new ConfigException(
                    t.name().equals("default")
                        ? AgentConfigLoader.AGENT
                        : AgentConfigLoader.TARGET_PREFIX + t.name(),
                    "masters",
                    "no masters: zones cannot be transferred; set masters = HOST:PORT")));
      }
      buildBackend(loaded, registry, t, problems, reached);
    }
    if (connect) {
      for (MasterServer m : distinctMasters(c)) {
        Connections.master(m, c.soaQueryTimeout(), c.transferSource())
            .ifPresentOrElse(problems::add, () -> reached.add("master " + m + ": answers"));
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("dns-agent: configuration error: " + p));
      err.flush();
      return 2;
    }
    out.println("# files: " + files);
    printSections(out, loaded, registry);
    out.println("# effective");
    out.println("# listen = " + c.listen().stream().map(HostPort::format).toList());
    out.println("# masters = " + c.masters());
    out.println("# allow_notify = " + c.allowNotify());
    out.println(
        "# tsig keys = "
            + new TreeSet<>(c.tsigKeys().keySet())
            + ", require_tsig = "
            + c.requireTsig());
    for (TargetConfig t : c.targets()) {
      out.println(
          "# target "
              + t.name()
              + ": backend_driver = "
              + t.driver()
              + (t.tsigKeys().isEmpty() ? "" : ", tsig_keys = " + t.tsigKeys())
              + ", masters = "
              + c.mastersOf(t));
      out.println("#   " + keysAccepted(c, t));
    }
    out.println(
        "# journal = "
            + c.journalDirectory()
            + ", admin endpoint = "
            + c.operations().adminSocket().map(Object::toString).orElse("no socket")
            + c.operations().adminListen().map(a -> ", " + HostPort.format(a)).orElse(""));
    out.println("# available backends: " + registry.names());
    reached.forEach(r -> out.println("# " + r));
    loaded.warnings().forEach(w -> out.println("# warning: " + w));
    out.println("# configuration OK");
    out.flush();
    return 0;
  }

  /** Which signatures a target's requests need: what an operator wants to check first. */
  static String keysAccepted(AgentConfig c, TargetConfig t) {
    Set<String> control = new LinkedHashSet<>(c.acceptedKeys());
    control.addAll(t.tsigKeys());
    Set<String> masterKeys = new LinkedHashSet<>();
    for (MasterServer m : c.mastersOf(t)) {
      m.key().ifPresent(k -> masterKeys.add(k.name() + " from " + HostPort.format(m.address())));
    }
    String controlKeys = control.isEmpty() ? "no key" : String.join(", ", control);
    return "CREATE, DELETE: signed with "
        + controlKeys
        + "; NOTIFY: signed with "
        + controlKeys
        + (masterKeys.isEmpty() ? "" : ", or " + String.join(", ", masterKeys))
        + "; unsigned requests "
        + (c.requireTsig() ? "refused" : "accepted from allow_notify");
  }

  /**
   * Builds the target's backend as start-up would; with {@code --connect} also starts it, checks
   * its health and asks it for a zone (which reaches its query destination).
   */
  private void buildBackend(
      LoadedConfig loaded,
      BackendRegistry registry,
      TargetConfig t,
      List<String> problems,
      List<String> reached) {
    AgentConfig c = loaded.config();
    BackendFactory factory = registry.find(t.driver()).orElseThrow();
    Backend backend;
    CheckContext context;
    try {
      context = CheckContext.of(c, t);
      backend = factory.create(t.settings(), context);
    } catch (ConfigException e) {
      problems.add(locate(loaded.sections(), e));
      return;
    } catch (RuntimeException e) {
      problems.add(
          locate(
              loaded.sections(),
              new ConfigException(
                  t.settings().section(), null, "backend cannot be built: " + Causes.describe(e))));
      return;
    }
    try (HostAccess host = context.host();
        backend) {
      if (connect) {
        String what =
            "target "
                + t.name()
                + " ("
                + t.driver()
                + (host instanceof LocalHostAccess ? "" : " on " + host.description())
                + ")";
        try {
          backend.start();
          BackendHealth health = backend.checkHealth();
          if (!health.healthy()) {
            problems.add(what + ": unhealthy: " + health.detail());
            return;
          }
          backend.findSoa(Connections.PROBE_ZONE);
          reached.add(what + ": started, " + health.detail() + ", answers queries");
        } catch (BackendException e) {
          problems.add(what + ": " + e.getMessage());
        }
      }
    } catch (Exception e) {
      problems.add("target " + t.name() + ": closing the backend failed: " + Causes.describe(e));
    }
  }

  private static List<MasterServer> distinctMasters(AgentConfig c) {
    Set<MasterServer> all = new LinkedHashSet<>(c.masters());
    c.targets().forEach(t -> all.addAll(t.masters()));
    return new ArrayList<>(all);
  }

  private static String locate(ConfigSections sections, ConfigException e) {
    return ConfigErrors.locate(e, sections);
  }

  /**
   * Every section the agent reads, with every option's effective value: set ones as typed, unset
   * ones with their default, secrets as {@code ****} whether the section is in use or not.
   */
  private static void printSections(
      PrintWriter out, LoadedConfig loaded, BackendRegistry registry) {
    ConfigSections sections = loaded.sections();
    AgentConfig c = loaded.config();
    printSection(out, sections, ConfigSections.DEFAULT, CoreOptions.DEFAULTS, c);
    long designate =
        sections.options(ConfigSections.DEFAULT).keySet().stream()
            .filter(CoreOptions.DESIGNATE_DEFAULTS::contains)
            .count();
    if (designate > 0) {
      out.println("# and " + designate + " of Designate's options, not read by the agent");
    }
    out.println();
    printSection(out, sections, AgentConfigLoader.AGENT, CoreOptions.AGENT, c);
    out.println();
    for (TargetConfig t : c.targets()) {
      String name = t.settings().section();
      if (!sections.has(name) && name.startsWith(AgentConfigLoader.BACKEND_PREFIX)) {
        printSection(out, sections, name, specsOf(name, sections, registry), c);
        out.println();
      }
    }
    for (String name : sections.sectionNames()) {
      List<OptionSpec> specs = specsOf(name, sections, registry);
      if (specs == null) {
        if (!name.equals(ConfigSections.DEFAULT) && !name.equals(AgentConfigLoader.AGENT)) {
          out.println("# [" + name + "]: not read by the agent");
        }
        continue;
      }
      printSection(out, sections, name, specs, c);
      out.println();
    }
  }

  private static List<OptionSpec> specsOf(
      String name, ConfigSections sections, BackendRegistry registry) {
    if (name.startsWith(AgentConfigLoader.TSIG_PREFIX)) {
      return CoreOptions.TSIG_KEY;
    }
    if (name.startsWith(CatalogConfigLoader.CATALOG_PREFIX)) {
      return CatalogConfigLoader.OPTIONS;
    }
    if (name.startsWith(AgentConfigLoader.BACKEND_PREFIX)) {
      return registry
          .find(name.substring(AgentConfigLoader.BACKEND_PREFIX.length()))
          .map(BackendFactory::options)
          .orElse(null);
    }
    if (name.startsWith(AgentConfigLoader.TARGET_PREFIX)) {
      List<OptionSpec> specs = new ArrayList<>(CoreOptions.TARGET);
      sections
          .section(name)
          .get("backend_driver")
          .flatMap(registry::find)
          .ifPresent(f -> specs.addAll(f.options()));
      return specs;
    }
    return null;
  }

  private static void printSection(
      PrintWriter out,
      ConfigSections sections,
      String name,
      List<OptionSpec> specs,
      AgentConfig c) {
    out.println("[" + name + "]");
    Map<String, String> raw = sections.options(name);
    BackendSettings section = new BackendSettings(name, raw, AgentConfigLoader.secrets(specs));
    for (OptionSpec spec : specs) {
      Optional<String> value;
      try {
        value = OptionCheck.value(section, spec);
      } catch (ConfigException e) {
        value = Optional.of(spec.secret() ? MASK : raw.get(spec.name()));
      }
      if (value.isEmpty()) {
        continue;
      }
      String shown = value.get().replace("$state_path", c.statePath().toString());
      boolean set = section.get(spec.name()).isPresent();
      out.println(spec.name() + " = " + shown + (set ? "" : "   # default"));
    }
  }
}
