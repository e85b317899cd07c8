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
   * Options this backend understands. The agent warns, by name, about any other option in its
   * section.
   */
  Set<String> knownOptions();

  /** Options whose values are secrets: never logged, masked by {@code check-config}. */
  default Set<String> sensitiveOptions() {
    return Set.of();
  }

  /**
   * Builds a backend. Must not contact the server (that is {@link Backend#start()}'s job) but must
   * validate every setting, reporting errors as {@link ConfigException}.
   *
   * @throws ConfigException if a setting is missing or invalid
   */
  Backend create(BackendSettings settings, BackendContext context);
}
