// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dns-agent-windows.zip, as {@code mvn package} builds it (agent-dist/target): its layout, CRLF
 * text files, the same jars as the Linux packages (with JNA's Windows native library), and the
 * agent in it validating the zip's own sample configuration. The scripts in it do not run here.
 */
class WindowsZipTest {
  private static final Path ZIP = Path.of("..", "agent-dist", "target", "dns-agent-windows.zip");
  private static final Path LINUX_LIB =
      Path.of("..", "agent-dist", "target", "dns-agent", "dns-agent", "lib");
  private static final Path SOURCES = Path.of("..", "installers", "windows");

  @TempDir Path dir;

  private static List<String> entries() throws IOException {
    assertTrue(Files.exists(ZIP), ZIP + " is built by mvn package (agent-dist)");
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      return Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  private static String text(String entry) throws IOException {
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      assertTrue(e != null, "the zip has " + entry);
      try (InputStream in = zip.getInputStream(e)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void theLayout() throws Exception {
    Set<String> files = new TreeSet<>();
    for (String e : entries()) {
      if (!e.endsWith("/") && !e.startsWith("dns-agent/lib/") && !e.startsWith("dns-agent/docs/")) {
        files.add(e);
      }
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                "dns-agent/LICENSE",
                "dns-agent/README.md",
                "dns-agent/bin/dns-agent.cmd",
                "dns-agent/conf/dns-agent.conf.sample",
                "dns-agent/install-service.ps1",
                "dns-agent/uninstall-service.ps1")),
        files);
    assertTrue(entries().contains("dns-agent/docs/msdns.md"), "the msdns README as docs\\msdns.md");
    assertTrue(entries().contains("dns-agent/docs/install.md"));
  }

  @Test
  void theSameJarsAsOnLinuxWithJnaForWindows() throws Exception {
    Set<String> jars = new TreeSet<>();
    for (String e : entries()) {
      if (e.startsWith("dns-agent/lib/") && e.endsWith(".jar")) {
        jars.add(e.substring("dns-agent/lib/".length()));
      }
    }
    try (Stream<Path> linux = Files.list(LINUX_LIB)) {
      assertEquals(
          new TreeSet<>(linux.map(p -> p.getFileName().toString()).toList()), jars, "same program");
    }
    for (String prefix :
        List.of(
            "agent-dist-", "agent-backend-msdns-", "jna-5", "jna-platform-", "logback-classic-")) {
      assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix)), prefix + " in lib\\");
    }
    String jna = jars.stream().filter(j -> j.matches("jna-\\d.*\\.jar")).findFirst().orElseThrow();
    boolean windowsNative = false;
    try (ZipFile zip = new ZipFile(ZIP.toFile());
        ZipInputStream in =
            new ZipInputStream(zip.getInputStream(zip.getEntry("dns-agent/lib/" + jna)))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        windowsNative |= e.getName().equals("com/sun/jna/win32-x86-64/jnidispatch.dll");
      }
    }
    assertTrue(windowsNative, "JNA's native library for 64-bit Windows is in " + jna);
  }

  @Test
  void textFilesHaveWindowsLineEndingsAndTheirSourcesText() throws Exception {
    for (String[] pair :
        new String[][] {
          {"dns-agent/bin/dns-agent.cmd", "dns-agent.cmd"},
          {"dns-agent/conf/dns-agent.conf.sample", "dns-agent.conf.sample"},
          {"dns-agent/install-service.ps1", "install-service.ps1"},
          {"dns-agent/uninstall-service.ps1", "uninstall-service.ps1"}
        }) {
      String inZip = text(pair[0]);
      assertFalse(inZip.replace("\r\n", "").contains("\n"), pair[0] + ": CRLF only");
      String source = Files.readString(SOURCES.resolve(pair[1]), StandardCharsets.UTF_8);
      assertEquals(source.replace("\n", "\r\n"), inZip, pair[0]);
    }
  }

  /**
   * The agent in the zip validates the sample in the zip (check-config, as install-service.ps1).
   */
  @Test
  void theZipsAgentAcceptsTheZipsSample() throws Exception {
    Path home = dir.resolve("dns-agent");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(ZIP))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isDirectory()) {
          continue;
        }
        Path target = dir.resolve(e.getName()).normalize();
        assertTrue(target.startsWith(dir), e.getName());
        Files.createDirectories(target.getParent());
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Result check =
        run(
            home,
            "check-config",
            "--config-file",
            home.resolve("conf/dns-agent.conf.sample").toString());
    assertEquals(0, check.code(), check.output());
    assertTrue(check.output().contains("# configuration OK"), check.output());
    assertTrue(check.output().contains("backend_driver = msdns"), check.output());
    // Off Windows the service commands say so, in one line, exit status 2.
    Result service = run(home, "service", "install");
    assertEquals(2, service.code(), service.output());
    assertEquals(1, service.output().strip().lines().count(), service.output());
    assertTrue(service.output().contains("only on Windows"), service.output());
  }

  private record Result(int code, String output) {}

  private static Result run(Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    command.add("org.dnsagent.cli.Main");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
    return new Result(p.exitValue(), out);
  }
}
