// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceInstallPlanTest {
  private static final String JAVA =
      "C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.12\\bin\\java.exe";
  private static final String HOME = "C:\\Program Files\\dns-agent";
  private static final String CONF = "C:\\ProgramData\\dns-agent\\dns-agent.conf";
  private static final String LOGS = "C:\\ProgramData\\dns-agent\\logs";

  private static ServiceInstallPlan plan(
      String account, Optional<String> password, List<String> jvm, StartType start) {
    return new ServiceInstallPlan(
        "dns-agent",
        ServiceInstallPlan.DEFAULT_DISPLAY_NAME,
        ServiceInstallPlan.DEFAULT_DESCRIPTION,
        start,
        account,
        password,
        List.of("DNS"),
        JAVA,
        HOME,
        jvm,
        List.of(CONF),
        LOGS);
  }

  @Test
  void theDefaultServiceSpec() {
    ServiceSpec spec = plan("virtual", Optional.empty(), List.of(), StartType.AUTO).spec();
    assertEquals("dns-agent", spec.name());
    assertEquals("dns-agent (DNS provisioning agent)", spec.displayName());
    assertEquals(
        "\"C:\\Program Files\\Eclipse Adoptium\\jdk-17.0.12\\bin\\java.exe\" -Xrs -Xmx256m"
            + " -XX:+ExitOnOutOfMemoryError -cp \"C:\\Program Files\\dns-agent\\lib\\*\""
            + " org.dnsagent.cli.Main service run --name dns-agent"
            + " --log-dir C:\\ProgramData\\dns-agent\\logs"
            + " --config-file C:\\ProgramData\\dns-agent\\dns-agent.conf",
        spec.commandLine());
    assertEquals(
        List.of(
            JAVA,
            "-Xrs",
            "-Xmx256m",
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            HOME + "\\lib\\*",
            "org.dnsagent.cli.Main",
            "service",
            "run",
            "--name",
            "dns-agent",
            "--log-dir",
            LOGS,
            "--config-file",
            CONF),
        WindowsCommandLineTest.split(spec.commandLine()));
    assertEquals(StartType.AUTO, spec.startType());
    assertEquals(2, spec.startType().code());
    assertEquals(Optional.of("NT SERVICE\\dns-agent"), spec.account());
    assertEquals(Optional.empty(), spec.password());
    assertEquals(List.of("DNS"), spec.dependencies());
    assertEquals(
        List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60)),
        spec.restartDelays());
    assertEquals(Duration.ofDays(1), spec.resetPeriod());
    assertTrue(spec.failureActionsOnNonCrash());
    assertEquals("dns-agent", spec.eventSource());
  }

  @Test
  void aHeapBoundOfTheOperatorReplacesTheDefault() {
    ServiceSpec spec =
        plan("virtual", Optional.empty(), List.of("-Xmx1g", "-Dx=a b"), StartType.DEMAND).spec();
    List<String> args = WindowsCommandLineTest.split(spec.commandLine());
    assertFalse(args.contains("-Xmx256m"), spec.commandLine());
    assertEquals(List.of("-Xrs", "-Xmx1g", "-Dx=a b"), args.subList(1, 4));
    assertEquals(3, spec.startType().code());
    ServiceSpec ram =
        plan("virtual", Optional.empty(), List.of("-XX:MaxRAMPercentage=25"), StartType.AUTO)
            .spec();
    assertFalse(ram.commandLine().contains("-Xmx256m"));
  }

  @Test
  void accounts() {
    assertEquals(
        Optional.of("NT AUTHORITY\\LocalService"), ServiceAccount.resolve("LocalService", "x"));
    assertEquals(
        Optional.of("NT AUTHORITY\\NetworkService"), ServiceAccount.resolve("networkservice", "x"));
    assertEquals(Optional.empty(), ServiceAccount.resolve("LocalSystem", "x"));
    assertEquals(Optional.of("NT SERVICE\\dns-agent-2"), ServiceAccount.resolve("", "dns-agent-2"));
    assertEquals(
        Optional.of("EXAMPLE\\svc-dns$"), ServiceAccount.resolve("EXAMPLE\\svc-dns$", "x"));
    assertFalse(ServiceAccount.needsPassword(Optional.of("EXAMPLE\\svc-dns$")));
    assertFalse(ServiceAccount.needsPassword(Optional.of("NT SERVICE\\dns-agent")));
    assertFalse(ServiceAccount.needsPassword(Optional.empty()));
    assertTrue(ServiceAccount.needsPassword(Optional.of("EXAMPLE\\svc-dns")));
    assertThrows(IllegalArgumentException.class, () -> ServiceAccount.resolve("bob", "x"));
    assertThrows(IllegalArgumentException.class, () -> ServiceAccount.resolve("EX\\a\"b", "x"));
  }

  @Test
  void aUserAccountNeedsItsPasswordWhichIsNeverShown() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> plan("EXAMPLE\\svc-dns", Optional.empty(), List.of(), StartType.AUTO).spec());
    assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
    ServiceSpec spec =
        plan("EXAMPLE\\svc-dns", Optional.of("s3cret-Pa55"), List.of(), StartType.AUTO).spec();
    assertEquals(Optional.of("s3cret-Pa55"), spec.password());
    assertFalse(spec.toString().contains("s3cret-Pa55"), spec.toString());
    assertFalse(spec.commandLine().contains("s3cret"), spec.commandLine());
    assertThrows(
        IllegalArgumentException.class,
        () -> plan("virtual", Optional.of("pw"), List.of(), StartType.AUTO).spec());
  }

  @Test
  void badNamesAndRelativePathsAreRefused() {
    for (String name : List.of("", "a b", "a\\b", "a/b", "-x", "a\"b", "x".repeat(81))) {
      assertThrows(IllegalArgumentException.class, () -> ServiceAccount.checkName(name), name);
    }
    ServiceInstallPlan relative =
        new ServiceInstallPlan(
            "dns-agent",
            "d",
            "d",
            StartType.AUTO,
            "virtual",
            Optional.empty(),
            List.of(),
            JAVA,
            HOME,
            List.of(),
            List.of("dns-agent.conf"),
            LOGS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, relative::spec);
    assertTrue(e.getMessage().contains("full path"), e.getMessage());
    assertEquals(StartType.DELAYED_AUTO, StartType.of("delayed-auto"));
    assertTrue(StartType.DELAYED_AUTO.delayed());
    assertThrows(IllegalArgumentException.class, () -> StartType.of("boot"));
  }

  @Test
  void programDataPaths() {
    Map<String, String> env = Map.of("ProgramData", "D:\\Data\\");
    assertEquals("D:\\Data\\dns-agent\\dns-agent.conf", WindowsPaths.defaultConfig(env));
    assertEquals("D:\\Data\\dns-agent\\logs", WindowsPaths.logDir(env));
    assertEquals("C:\\ProgramData\\dns-agent", WindowsPaths.dataDir(Map.of()));
  }
}
