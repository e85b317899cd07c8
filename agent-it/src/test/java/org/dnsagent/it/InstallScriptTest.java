// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dnsagent.testing.RequiredBinaries;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball stands alone: unpacked, its installers/install-linux.sh installs it into a DESTDIR
 * with a PREFIX, checks the Java version, and says what it skipped.
 */
class InstallScriptTest {
  private static final Path TARBALL = Path.of("..", "agent-dist", "target", "dns-agent.tar.gz");

  @TempDir Path dir;

  @Test
  void installsTheUnpackedTarballIntoADestdir() throws Exception {
    Path dist = unpack();
    for (String part :
        List.of(
            "LICENSE",
            "README.md",
            "docs/operations.md",
            "installers/install-linux.sh",
            "installers/systemd/dns-agent.service",
            "etc/dns-agent.conf.sample",
            "bin/dns-agent")) {
      assertTrue(Files.exists(dist.resolve(part)), "the tarball carries " + part);
    }
    Path dest = dir.resolve("dest");
    Result r =
        run(
            Map.of("DESTDIR", dest.toString(), "PREFIX", "/usr/local/lib/dns-agent"),
            "sh",
            dist.resolve("installers/install-linux.sh").toString());
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("skipped: user and group dns-agent"), r.output());
    assertTrue(r.output().contains("skipped: systemctl daemon-reload"), r.output());

    Path home = dest.resolve("usr/local/lib/dns-agent");
    assertTrue(Files.isExecutable(home.resolve("bin/dns-agent")));
    assertTrue(Files.exists(home.resolve("LICENSE")));
    assertEquals(
        Files.readString(dist.resolve("etc/dns-agent.conf.sample")),
        Files.readString(dest.resolve("etc/dns-agent/dns-agent.conf")));
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dest.resolve("etc/dns-agent/dns-agent.conf"))));
    assertTrue(Files.isDirectory(dest.resolve("var/lib/dns-agent")));
    String unit = Files.readString(dest.resolve("etc/systemd/system/dns-agent.service"));
    assertTrue(
        unit.contains(
            "\nExecStart=/usr/local/lib/dns-agent/bin/dns-agent run --config-file"
                + " /etc/dns-agent/dns-agent.conf\n"),
        unit);

    Result version = run(Map.of(), home.resolve("bin/dns-agent").toString(), "--version");
    assertEquals(0, version.code(), version.output());
    assertTrue(version.output().startsWith("dns-agent "), version.output());

    // Again over the first: the configuration is kept.
    Files.writeString(dest.resolve("etc/dns-agent/dns-agent.conf"), "# mine\n");
    Result again =
        run(
            Map.of("DESTDIR", dest.toString(), "PREFIX", "/usr/local/lib/dns-agent"),
            "sh",
            dist.resolve("installers/install-linux.sh").toString());
    assertEquals(0, again.code(), again.output());
    assertEquals("# mine\n", Files.readString(dest.resolve("etc/dns-agent/dns-agent.conf")));
  }

  @Test
  void refusesAJavaOlderThan17() throws Exception {
    Path dist = unpack();
    Path java = dir.resolve("old-java");
    Files.writeString(
        java,
        "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dest = dir.resolve("dest");
    Result r =
        run(
            Map.of("DESTDIR", dest.toString(), "JAVA", java.toString()),
            "sh",
            dist.resolve("installers/install-linux.sh").toString());
    assertNotEquals(0, r.code());
    assertTrue(
        r.output().contains("Java 11.0.2 found; dns-agent needs Java 17 or newer"), r.output());
    assertFalse(Files.exists(dest.resolve("opt")), "nothing installed");
  }

  private Path unpack() throws Exception {
    if (!Files.exists(TARBALL)) {
      Assumptions.assumeTrue(RequiredBinaries.inCi(), TARBALL + " not built");
      throw new AssertionError(TARBALL + " missing: agent-dist's package phase builds it");
    }
    Path out = Files.createDirectories(dir.resolve("unpacked"));
    Result r =
        run(Map.of(), "tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", out.toString());
    assertEquals(0, r.code(), r.output());
    return out.resolve("dns-agent");
  }

  private record Result(int code, String output) {}

  private static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), List.of(command) + " finished");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
