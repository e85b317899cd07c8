// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfigLoader;
import org.dnsagent.core.config.ConfigSections;
import org.dnsagent.core.config.IniConfigReader;
import org.dnsagent.core.config.LoadedConfig;
import picocli.CommandLine.Option;

/**
 * {@code --config-file}, repeatable as in oslo.config: later files override earlier ones. Given
 * before the subcommand ({@code dns-agent --config-file a.conf status}) it applies to that
 * subcommand too (see {@link Main#commandLine()}).
 */
final class ConfigOptions {
  /**
   * {@code /etc/dns-agent/dns-agent.conf}; on Windows {@code
   * %ProgramData%\dns-agent\dns-agent.conf}.
   */
  static final Path DEFAULT_CONFIG =
      org.dnsagent.cli.windows.WindowsPlatform.isWindows()
          ? Path.of(org.dnsagent.cli.windows.WindowsPaths.defaultConfig(System.getenv()))
          : Path.of("/etc/dns-agent/dns-agent.conf");

  @Option(
      names = "--config-file",
      paramLabel = "FILE",
      description =
          "designate.conf-style file; repeat for several, later ones win"
              + " (default: /etc/dns-agent/dns-agent.conf if it exists; on Windows"
              + " %%ProgramData%%\\dns-agent\\dns-agent.conf)")
  List<Path> files = new ArrayList<>();

  List<Path> effectiveFiles() {
    if (!files.isEmpty()) {
      return files;
    }
    return java.nio.file.Files.exists(DEFAULT_CONFIG) ? List.of(DEFAULT_CONFIG) : List.of();
  }

  LoadedConfig load(BackendRegistry registry) {
    ConfigSections sections = IniConfigReader.read(effectiveFiles());
    return new AgentConfigLoader(registry).load(sections);
  }
}
