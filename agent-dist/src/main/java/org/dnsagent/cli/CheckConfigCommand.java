// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.core.config.LoadedConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Validates the configuration and prints it as the agent would use it, secrets masked. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = "Validate the configuration and print the effective settings (secrets masked).")
final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final String MASK = "****";

  @Mixin ConfigOptions config = new ConfigOptions();

  @Override
  public Integer call() {
    Logging.quiet();
    java.io.PrintWriter out = spec.commandLine().getOut();
    BackendRegistry registry = BackendRegistry.discover();
    LoadedConfig loaded;
    try {
      loaded = config.load(registry);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("dns-agent: configuration error: " + e.getMessage());
      return 2;
    }
    out.println("# files: " + config.effectiveFiles());
    for (String section : loaded.sections().sectionNames()) {
      out.println("[" + section + "]");
      Set<String> secret = sensitive(section, loaded, registry);
      for (Map.Entry<String, String> e : loaded.sections().options(section).entrySet()) {
        boolean mask = secret.contains(e.getKey());
        out.println(e.getKey() + " = " + (mask ? MASK : e.getValue()));
      }
      out.println();
    }
    AgentConfig c = loaded.config();
    out.println("# effective");
    out.println("# state_path = " + c.statePath());
    out.println("# listen = " + c.listen().stream().map(HostPort::format).toList());
    out.println("# masters = " + c.masters());
    out.println("# allow_notify = " + c.allowNotify());
    out.println(
        "# tsig keys = "
            + new java.util.TreeSet<>(c.tsigKeys().keySet())
            + ", require_tsig = "
            + c.requireTsig());
    for (TargetConfig t : c.targets()) {
      out.println(
          "# target "
              + t.name()
              + ": backend_driver = "
              + t.driver()
              + (t.tsigKeys().isEmpty() ? "" : ", tsig_keys = " + t.tsigKeys())
              + (t.masters().isEmpty() ? "" : ", masters = " + t.masters()));
    }
    out.println(
        "# journal = "
            + c.journalDirectory()
            + ", admin endpoint = "
            + c.operations().adminSocket().map(Object::toString).orElse("no socket")
            + c.operations().adminListen().map(a -> ", " + HostPort.format(a)).orElse(""));
    out.println("# available backends: " + registry.names());
    loaded.warnings().forEach(w -> out.println("# warning: " + w));
    out.println("# configuration OK");
    out.flush();
    return 0;
  }

  private static Set<String> sensitive(
      String section, LoadedConfig loaded, BackendRegistry registry) {
    Set<String> keys = new LinkedHashSet<>(Set.of("secret", "password", "api_key"));
    if (section.startsWith(AgentConfigLoader.TSIG_PREFIX)) {
      keys.add("secret");
    }
    for (TargetConfig t : loaded.config().targets()) {
      if (t.settings().section().equals(section)) {
        registry.find(t.driver()).ifPresent(f -> keys.addAll(f.sensitiveOptions()));
      }
    }
    return keys;
  }
}
