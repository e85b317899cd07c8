// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;

/**
 * Settings of the files backend.
 *
 * @param zoneFilePath directory holding one {@code <zone>.zone} file per zone
 * @param reloadCommand program and arguments run after a zone file changes; the zone name replaces
 *     an argument {@code {zone}}, or is appended; empty for none
 * @param reloadTimeout how long the reload command may run
 */
public record FilesConfig(Path zoneFilePath, List<String> reloadCommand, Duration reloadTimeout) {
  /** Every option this backend reads, declared once. */
  static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.of(
              "zone_file_path",
              OptionSpec.Type.PATH,
              "$state_path/zones",
              "directory of the zone files (the target's state directory/zones by default)"),
          OptionSpec.of(
              "reload_command",
              OptionSpec.Type.STRING,
              null,
              "program run after a change; the zone name replaces {zone} or is appended; no"
                  + " shell"),
          OptionSpec.of(
              "reload_timeout",
              OptionSpec.Type.DURATION,
              "30",
              "the reload command is killed after this"));

  public FilesConfig {
    reloadCommand = List.copyOf(reloadCommand);
  }

  static FilesConfig from(BackendSettings settings, BackendContext context) {
    Path dir = settings.getPath("zone_file_path").orElse(context.stateDirectory().resolve("zones"));
    List<String> command =
        settings
            .get("reload_command")
            .map(c -> Arrays.stream(c.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList())
            .orElse(List.of());
    Duration timeout = settings.getDuration("reload_timeout", Duration.ofSeconds(30));
    if (timeout.isZero()) {
      throw settings.invalid("reload_timeout", "0", "must be greater than zero");
    }
    return new FilesConfig(dir.toAbsolutePath().normalize(), command, timeout);
  }
}
