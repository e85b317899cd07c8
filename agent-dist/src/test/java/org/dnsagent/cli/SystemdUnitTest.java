// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.testing.RequiredBinaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** installers/systemd/dns-agent.service: what it must say, and systemd-analyze's verdict. */
class SystemdUnitTest {
  private static final Path UNIT =
      Path.of(System.getProperty("root.dir", "..")).resolve("installers/systemd/dns-agent.service");

  @TempDir Path dir;

  @Test
  void theUnitSaysWhatOperatorsRelyOn() throws IOException {
    List<String> lines = Files.readAllLines(UNIT);
    for (String required :
        List.of(
            "Type=notify",
            "Restart=on-failure",
            "RestartPreventExitStatus=2",
            "SuccessExitStatus=143",
            "SupplementaryGroups=bind",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/dns-agent",
            "NoNewPrivileges=yes",
            "PrivateTmp=yes",
            "CapabilityBoundingSet=",
            "AmbientCapabilities=",
            "User=dns-agent",
            "ExecStart=/usr/bin/dns-agent run --config-file /etc/dns-agent/dns-agent.conf")) {
      assertTrue(lines.contains(required), "the unit has " + required);
    }
  }

  /**
   * {@code systemd-analyze verify} needs no running systemd, only the unit's program: a copy of the
   * unit points ExecStart at a stand-in.
   */
  @Test
  void systemdAnalyzeVerifiesTheUnitAndRatesItsExposure() throws Exception {
    Path analyze = RequiredBinaries.require("systemd-analyze", "systemd");
    Path program = dir.resolve("dns-agent");
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unit = dir.resolve("dns-agent.service");
    Files.writeString(
        unit,
        Files.readString(UNIT)
            .replace("ExecStart=/usr/bin/dns-agent ", "ExecStart=" + program + " "));
    Result verify = run(analyze.toString(), "verify", unit.toString());
    assertEquals(0, verify.code, verify.output);
    assertTrue(
        !verify.output.contains("dns-agent"),
        "verify says nothing about the unit: " + verify.output);

    Result security = run(analyze.toString(), "security", "--offline=yes", unit.toString());
    Matcher m =
        Pattern.compile("Overall exposure level for dns-agent.service: ([0-9.]+)")
            .matcher(security.output);
    assertTrue(m.find(), security.output);
    double exposure = Double.parseDouble(m.group(1));
    System.out.println("systemd-analyze security: exposure " + exposure);
    assertTrue(exposure <= 2.0, "exposure " + exposure + " (was 1.4 when written)");
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "systemd-analyze finished");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
