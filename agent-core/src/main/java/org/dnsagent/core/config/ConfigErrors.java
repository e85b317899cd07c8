// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.ConfigException;

/**
 * Every problem found in the configuration, one line each, each naming the file (when known),
 * section, option, value and what to fix: {@code /etc/dns-agent/dns-agent.conf: [service:agent]
 * tsig_key: unknown option; did you mean tsig_keys?}.
 */
public final class ConfigErrors extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final List<String> lines;

  public ConfigErrors(List<String> lines) {
    super("config", null, String.join("; ", lines));
    this.lines = List.copyOf(lines);
  }

  /** The problems, one operator line each. */
  public List<String> lines() {
    return lines;
  }

  @Override
  public String getMessage() {
    return String.join("\n", lines);
  }

  /** {@code e}'s message, prefixed with the file that set its option when that is known. */
  public static String locate(ConfigException e, ConfigSections sections) {
    if (e instanceof ConfigErrors errors) {
      return String.join("\n", errors.lines());
    }
    Optional<Path> file =
        e.section() == null ? Optional.empty() : sections.origin(e.section(), e.option());
    return file.map(f -> f + ": ").orElse("") + e.getMessage();
  }

  /** One {@link ConfigErrors} for several problems, each located. */
  public static ConfigErrors of(List<ConfigException> problems, ConfigSections sections) {
    List<String> lines = new ArrayList<>();
    for (ConfigException p : problems) {
      lines.add(locate(p, sections));
    }
    return new ConfigErrors(lines);
  }
}
