// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.util.Set;

/**
 * Creates {@link Backend}s of one kind. Implementations are found with {@link
 * java.util.ServiceLoader} through {@code META-INF/services/org.dnsagent.spi.BackendFactory}.
 */
public interface BackendFactory {

  /**
   * The driver name in configuration: {@code backend_driver = bind9} selects the factory named
   * {@code bind9}, whose settings live in section {@code [backend:agent:bind9]}.
   */
  String name();

  /**
   * Every option this backend reads from its section, declared once (see {@link OptionSpec}). The
   * agent rejects, by name, any other option in its section.
   */
  default java.util.List<OptionSpec> options() {
    java.util.List<OptionSpec> specs = new java.util.ArrayList<>();
    for (String option : knownOptions()) {
      specs.add(OptionSpec.of(option, OptionSpec.Type.STRING, null, ""));
    }
    return specs;
  }

  /**
   * Names of the options this backend understands.
   *
   * <p>Legacy: declare {@link #options()} instead; this goes once every backend does.
   */
  default Set<String> knownOptions() {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (OptionSpec spec : options()) {
      names.add(spec.name());
    }
    return names;
  }

  /** Options whose values are secrets: never logged, masked by {@code check-config}. */
  default Set<String> sensitiveOptions() {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (OptionSpec spec : options()) {
      if (spec.secret()) {
        names.add(spec.name());
      }
    }
    return names;
  }

  /**
   * Builds a backend. Must not contact the server (that is {@link Backend#start()}'s job) but must
   * validate every setting, reporting errors as {@link ConfigException}.
   *
   * @throws ConfigException if a setting is missing or invalid
   */
  Backend create(BackendSettings settings, BackendContext context);
}
