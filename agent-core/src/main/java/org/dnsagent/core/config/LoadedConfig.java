// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.util.List;

/** A validated configuration, the warnings found while reading it, and the raw sections. */
public record LoadedConfig(AgentConfig config, List<String> warnings, ConfigSections sections) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}
