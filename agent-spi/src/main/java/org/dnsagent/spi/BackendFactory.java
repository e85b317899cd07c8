// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.util.List;

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
   * agent rejects, by name, any other option in its section; {@code check-config} prints the
   * effective values, masking the secret ones; the documentation is generated from these.
   */
  List<OptionSpec> options();

  /**
   * The names of {@link #options()}. Legacy: read {@link #options()}; kept while code on other
   * branches still calls or overrides it.
   */
  default java.util.Set<String> knownOptions() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    options().forEach(spec -> names.add(spec.name()));
    return names;
  }

  /**
   * The names of the {@link OptionSpec#secret() secret} options. Legacy: read {@link #options()};
   * kept while code on other branches still calls or overrides it.
   */
  default java.util.Set<String> sensitiveOptions() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    options().stream().filter(OptionSpec::secret).forEach(spec -> names.add(spec.name()));
    return names;
  }

  /**
   * Builds a backend. Must not contact the server (that is {@link Backend#start()}'s job) but must
   * validate every setting, reporting errors as {@link ConfigException}: {@code check-config} calls
   * this for every target to catch at once what start-up would reject.
   *
   * @throws ConfigException if a setting is missing or invalid
   */
  Backend create(BackendSettings settings, BackendContext context);
}
