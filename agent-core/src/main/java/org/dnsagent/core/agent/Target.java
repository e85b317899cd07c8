// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import static java.util.Objects.requireNonNull;

import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.Backend;

/**
 * A configured target and the backend instance that serves it.
 *
 * @throws IllegalArgumentException if the backend is not exactly one of ContentBackend and
 *     SecondaryBackend
 */
public record Target(TargetConfig config, Backend backend) {
  public Target {
    requireNonNull(config, "config is null");
    requireNonNull(backend, "backend is null");
    Backend.requireOneMode(backend);
  }

  public String name() {
    return config.name();
  }
}
