// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * installers/windows/ (what dns-agent-windows.zip carries; the zip itself is checked in agent-it's
 * WindowsZipTest): the sample configuration passes the agent's own validation as it is and as
 * install-service.ps1 writes it, and the launcher and scripts contain what they must. None of them
 * runs here (no Windows): their text is what is checked.
 */
class WindowsInstallerFilesTest {
  private static final Path WINDOWS =
      Path.of("..").toAbsolutePath().normalize().resolve("installers/windows");

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run checkConfig(Path conf) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("check-config", "--config-file", conf.toString());
    return new Run(exit, out.toString(), err.toString());
  }

  private static String read(String name) throws Exception {
    return Files.readString(WINDOWS.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void theSampleConfigurationIsValidAsItIs() throws Exception {
    Path sample = WINDOWS.resolve("dns-agent.conf.sample");
    Run r = checkConfig(sample);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("state_path = C:\\ProgramData\\dns-agent\\state"), r.out());
    assertTrue(r.out().contains("# target default: backend_driver = msdns"), r.out());
    assertTrue(r.out().contains("msdns_transport = local\n"), r.out());
    assertTrue(r.out().contains("zone_mode = secondary\n"), r.out());
    assertTrue(r.out().contains("# masters = [192.0.2.10:53]"), r.out());
    assertTrue(r.out().contains("# configuration OK"), r.out());
    assertFalse(Files.exists(Path.of("C:\\ProgramData\\dns-agent\\state")), "nothing created");
  }

  @Test
  void theSampleAsInstallServiceWritesItIsValidToo() throws Exception {
    // install-service.ps1: .Replace('C:\ProgramData', $env:ProgramData), CRLF from the zip.
    String ps1 = read("install-service.ps1");
    assertTrue(
        ps1.contains(".Replace('C:\\ProgramData', $env:ProgramData)"), "the substitution tested");
    String text =
        read("dns-agent.conf.sample")
            .replace("C:\\ProgramData", dir.toString())
            .replace("\n", "\r\n");
    Path conf = Files.writeString(dir.resolve("dns-agent.conf"), text);
    Run r = checkConfig(conf);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("state_path = " + dir + "\\dns-agent\\state"), r.out());
  }

  @Test
  void theSampleWithMastersOffPort53IsRefusedInOneLine() throws Exception {
    String text = read("dns-agent.conf.sample").replace("192.0.2.10:53", "192.0.2.10:5354");
    Path conf = Files.writeString(dir.resolve("bad.conf"), text);
    Run r = checkConfig(conf);
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("only from port 53"), r.err());
  }

  @Test
  void theLauncherFindsJavaBoundsTheHeapAndPassesEveryArgument() throws Exception {
    String cmd = read("dns-agent.cmd");
    for (String must :
        List.of(
            "@echo off",
            "if defined JAVA_HOME set \"JAVA_EXE=%JAVA_HOME%\\bin\\java.exe\"",
            "if defined JAVA set \"JAVA_EXE=%JAVA%\"",
            "where /q java.exe",
            "Java 17 or newer",
            "!ALL_OPTS:-Xmx=!",
            "!ALL_OPTS:-XX:MaxHeapSize=!",
            "!ALL_OPTS:-XX:MaxRAM=!",
            "if not defined BOUND set \"DNS_AGENT_OPTS=-Xmx256m %DNS_AGENT_OPTS%\"",
            "-cp \"%DNS_AGENT_HOME%\\lib\\*\" org.dnsagent.cli.Main %*",
            "exit /b %ERRORLEVEL%")) {
      assertTrue(cmd.contains(must), "dns-agent.cmd has: " + must);
    }
    // The same default bound as bin/dns-agent on Linux.
    String linux = Files.readString(Path.of("src/main/dist/bin/dns-agent"), StandardCharsets.UTF_8);
    assertTrue(linux.contains("opts=\"-Xmx256m $opts\""), "Linux launcher bound changed?");
    // The arguments reach Java with delayed expansion off ('!' in an argument stays).
    int java = cmd.indexOf("\"%JAVA_EXE%\" %DNS_AGENT_OPTS%");
    assertTrue(cmd.lastIndexOf("endlocal", java) > cmd.lastIndexOf("EnableDelayedExpansion", java));
  }

  @Test
  void installServiceChecksJavaProtectsTheConfigAndKeepsSecretsOffCommandLines() throws Exception {
    String ps1 = read("install-service.ps1");
    for (String must :
        List.of(
            "#Requires -RunAsAdministrator",
            "$ErrorActionPreference = 'Stop'",
            "'java\\.specification\\.version = (\\d+)(?:\\.(\\d+))?'",
            "if ($version -lt 17) { Fail",
            "JAVA_HOME",
            "Get-Command -Name 'java.exe'",
            "conf\\dns-agent.conf.sample",
            "if (-not (Test-Path -LiteralPath $ConfigFile)) {",
            "check-config --config-file $ConfigFile",
            "$acl.SetAccessRuleProtection($true, $false)",
            "S-1-5-32-544",
            "S-1-5-18",
            "Set-PrivateAcl $ConfigFile $identity 'Read'",
            "Set-PrivateAcl $StateDir $identity 'Modify'",
            "Set-PrivateAcl $LogDir $identity 'Modify'",
            "'service', 'install', '--name', $ServiceName, '--config-file', $ConfigFile",
            "'--account', $Account, '--start-type', $StartType, '--java', $Java",
            "'--depends-on', 'DNS'",
            "service start --name $ServiceName",
            "New-Object System.Text.UTF8Encoding($false)")) {
      assertTrue(ps1.contains(must), "install-service.ps1 has: " + must);
    }
    // The file is protected before the sample's text goes in.
    assertTrue(
        ps1.indexOf("Set-PrivateAcl $ConfigFile $null ''")
            < ps1.indexOf("[System.IO.File]::WriteAllText($ConfigFile"));
    // ACLs name the account only once the service (and its virtual account) exists.
    assertTrue(
        ps1.indexOf("& $Launcher @install") < ps1.indexOf("$identity = Get-ServiceIdentity"));
    noSecretsOnCommandLines(ps1);
  }

  /**
   * install-service.ps1's version check, its regular expression applied (by Java: the same syntax
   * for this one) to what this machine's real java prints, and to a Java 8's line.
   */
  @Test
  void theJavaVersionCheckReadsRealJavaOutput() throws Exception {
    String ps1 = read("install-service.ps1");
    java.util.regex.Matcher quoted = Pattern.compile("-match '(java[^']*)'").matcher(ps1);
    assertTrue(quoted.find(), "the -match in install-service.ps1");
    Pattern version = Pattern.compile(quoted.group(1));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XshowSettings:properties",
                "-version")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    java.util.regex.Matcher m = version.matcher(text);
    assertTrue(m.find(), text);
    assertEquals(Runtime.version().feature(), Integer.parseInt(m.group(1)));
    java.util.regex.Matcher eight = version.matcher("    java.specification.version = 1.8\n");
    assertTrue(eight.find());
    assertEquals("1", eight.group(1));
    assertEquals("8", eight.group(2), "1.8 is read as 8 (then refused: < 17)");
  }

  @Test
  void uninstallServiceRemovesTheServiceAndKeepsDataUnlessPurged() throws Exception {
    String ps1 = read("uninstall-service.ps1");
    for (String must :
        List.of(
            "#Requires -RunAsAdministrator",
            "service uninstall --name $ServiceName",
            "[switch]$Purge",
            "if ($Purge) {",
            "Remove-LocalGroupMember -Group 'DnsAdmins' -Member $virtual")) {
      assertTrue(ps1.contains(must), "uninstall-service.ps1 has: " + must);
    }
    noSecretsOnCommandLines(ps1);
  }

  @Test
  void everyFileHasItsLicenseHeaderAndPowerShellReadsThemAsAscii() throws Exception {
    for (String name :
        List.of(
            "dns-agent.cmd",
            "dns-agent.conf.sample",
            "install-service.ps1",
            "uninstall-service.ps1")) {
      String text = read(name);
      // PowerShell 5.1 reads a script without BOM in the ANSI code page: ASCII only.
      assertTrue(text.chars().allMatch(c -> c < 0x80), name + " is ASCII");
      if (!name.endsWith(".sample")) {
        assertTrue(text.contains("SPDX-License-Identifier: Apache-2.0"), name);
      }
    }
  }

  /** No password parameter, no plain-text secure string, no secret option but a file. */
  private static void noSecretsOnCommandLines(String ps1) {
    assertFalse(
        Pattern.compile("(?i)\\[string\\]\\$Password\\b").matcher(ps1).find(), "no -Password");
    assertFalse(ps1.contains("ConvertTo-SecureString"), "no secret in the script");
    assertFalse(Pattern.compile("(?i)--password(?!-file)").matcher(ps1).find(), "only a file");
    assertFalse(Pattern.compile("(?i)secret\\s*=").matcher(ps1).find());
  }
}
