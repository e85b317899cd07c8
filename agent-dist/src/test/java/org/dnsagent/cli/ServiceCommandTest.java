// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dnsagent.cli.windows.EventLog;
import org.dnsagent.cli.windows.FakeWindowsPlatform;
import org.dnsagent.cli.windows.ServiceException;
import org.dnsagent.cli.windows.ServiceSpec;
import org.dnsagent.cli.windows.ServiceState;
import org.dnsagent.cli.windows.ServiceStatus;
import org.dnsagent.cli.windows.StartType;
import org.dnsagent.cli.windows.WindowsService;
import org.dnsagent.master.LocalMaster;
import org.dnsagent.master.LocalMasterOptions;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServiceCommandTest {
  private static final String JAVA = "C:\\Program Files\\Java\\jdk-17\\bin\\java.exe";
  private static final String HOME = "C:\\Program Files\\dns-agent";

  @TempDir Path dir;
  private final FakeWindowsPlatform windows = new FakeWindowsPlatform();

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Other commands in this JVM (check-config, install, pool-target) turn logging down to WARN. */
  private static void infoLogging() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.INFO);
  }

  private void onWindows() {
    ServiceCommand.platform = () -> Optional.of(windows);
  }

  @AfterEach
  void linuxAgain() {
    ServiceCommand.platform = org.dnsagent.cli.windows.WindowsPlatform::current;
  }

  private Path config(String extra) throws Exception {
    return Files.writeString(
        dir.resolve("agent.conf"),
        "[DEFAULT]\nstate_path = "
            + dir.resolve("state")
            + "\n[service:agent]\nlisten = 127.0.0.1:0\nmasters = 127.0.0.1:5354\n"
            + extra);
  }

  @Test
  void offWindowsEverySubcommandSaysSoInOneLine() {
    for (List<String> args :
        List.of(
            List.of("service"),
            List.of("service", "install"),
            List.of("service", "uninstall"),
            List.of("service", "start"),
            List.of("service", "stop"),
            List.of("service", "status"),
            List.of("service", "run", "--config-file", "/nonexistent.conf"))) {
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.exit(), args.toString());
      assertEquals(ServiceCommand.NOT_WINDOWS + System.lineSeparator(), r.err(), args.toString());
      assertTrue(r.err().contains("only on Windows"));
      assertEquals("", r.out());
    }
  }

  @Test
  void installRegistersTheAgentWithTheScm() throws Exception {
    onWindows();
    Path conf = config("");
    Run r =
        run(
            "service",
            "install",
            "--config-file",
            conf.toString(),
            "--java",
            JAVA,
            "--home",
            HOME,
            "--start-type",
            "delayed-auto",
            "--depends-on",
            "DNS",
            "--log-dir",
            "D:\\logs");
    assertEquals(0, r.exit(), r.err());
    ServiceSpec spec = windows.scm.installed.get("dns-agent");
    assertEquals(
        "\"C:\\Program Files\\Java\\jdk-17\\bin\\java.exe\" -Xrs -Xmx256m"
            + " -XX:+ExitOnOutOfMemoryError -cp \"C:\\Program Files\\dns-agent\\lib\\*\""
            + " org.dnsagent.cli.Main service run --name dns-agent --log-dir D:\\logs"
            + " --config-file "
            + conf.toAbsolutePath(),
        spec.commandLine());
    assertEquals(StartType.DELAYED_AUTO, spec.startType());
    assertEquals(Optional.of("NT SERVICE\\dns-agent"), spec.account());
    assertEquals(List.of("DNS"), spec.dependencies());
    assertTrue(spec.failureActionsOnNonCrash());
    assertTrue(
        r.out()
            .startsWith(
                "installed service dns-agent (delayed-auto start, account NT SERVICE\\dns-agent,"
                    + " restarts after [5 s, 30 s, 60 s] on failure)"),
        r.out());
    assertTrue(r.out().contains("command line: " + spec.commandLine()), r.out());
  }

  @Test
  void installRefusesABrokenConfigurationWithoutTouchingTheScm() throws Exception {
    onWindows();
    Path conf = config("workers = many\n");
    Run r =
        run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("[service:agent] workers = many: not an integer"), r.err());
    assertEquals(List.of(), windows.scm.calls);
  }

  @Test
  void aPasswordComesFromAFileAndIsNeverPrinted() throws Exception {
    onWindows();
    Path conf = config("");
    Path pw = Files.writeString(dir.resolve("pw"), "Zq9-very-secret\n");
    Run r =
        run(
            "service",
            "install",
            "--config-file",
            conf.toString(),
            "--java",
            JAVA,
            "--home",
            HOME,
            "--account",
            "EXAMPLE\\svc-dnsagent",
            "--password-file",
            pw.toString());
    assertEquals(0, r.exit(), r.err());
    ServiceSpec spec = windows.scm.installed.get("dns-agent");
    assertEquals(Optional.of("Zq9-very-secret"), spec.password());
    assertEquals(Optional.of("EXAMPLE\\svc-dnsagent"), spec.account());
    assertFalse(r.out().contains("Zq9") || r.err().contains("Zq9"), r.out());
    assertFalse(spec.commandLine().contains("Zq9"));

    Run none =
        run(
            "service",
            "install",
            "--name",
            "other",
            "--config-file",
            conf.toString(),
            "--java",
            JAVA,
            "--home",
            HOME,
            "--account",
            "EXAMPLE\\svc-dnsagent");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("needs its password: give --password-file FILE"), none.err());
  }

  @Test
  void refusalsAreOneLineWithWhatToDo() throws Exception {
    onWindows();
    Path conf = config("");
    windows.scm.refuseWith = ServiceException.ERROR_ACCESS_DENIED;
    Run r =
        run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME);
    assertEquals(1, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("run it as Administrator"), r.err());
    Run twice;
    assertEquals(
        0,
        run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME)
            .exit());
    twice =
        run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME);
    assertEquals(1, twice.exit());
    assertTrue(twice.err().contains("uninstall it first"), twice.err());
  }

  @Test
  void startStopStatusAndUninstall() throws Exception {
    onWindows();
    Path conf = config("");
    assertEquals(
        0,
        run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME)
            .exit());
    Run status = run("service", "status");
    assertEquals("service dns-agent: STOPPED (exit code 0)\n", status.out());

    windows.scm.nextQueries.add(new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 1, 30_000));
    Run start = run("service", "start");
    assertEquals(0, start.exit(), start.err());
    assertEquals("service dns-agent is running\n", start.out());
    Run again = run("service", "start");
    assertEquals(0, again.exit(), "already running is fine");

    Run stop = run("service", "stop");
    assertEquals(0, stop.exit(), stop.err());
    assertEquals("service dns-agent stopped (exit code 0)\n", stop.out());
    assertEquals(0, run("service", "stop").exit(), "not running is fine");

    run("service", "start");
    windows.scm.calls.clear();
    Run uninstall = run("service", "uninstall");
    assertEquals(0, uninstall.exit(), uninstall.err());
    assertEquals(
        List.of(
            "query dns-agent",
            "stop dns-agent",
            "query dns-agent",
            "uninstall dns-agent dns-agent"),
        windows.scm.calls);
    assertTrue(
        uninstall
            .out()
            .startsWith("service dns-agent stopped (exit code 0)\nremoved service dns-agent;"),
        uninstall.out());
    assertEquals("service dns-agent is not installed\n", run("service", "uninstall").out());
    assertEquals(1, run("service", "status").exit());
    Run absent = run("service", "start");
    assertEquals(1, absent.exit());
    assertTrue(absent.err().contains("install it first"), absent.err());
  }

  @Test
  void aServiceThatStopsWhileStartingSaysWhereToLook() throws Exception {
    onWindows();
    Path conf = config("");
    run("service", "install", "--config-file", conf.toString(), "--java", JAVA, "--home", HOME);
    windows.scm.nextQueries.add(new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 1, 30_000));
    windows.scm.nextQueries.add(
        new ServiceStatus(
            ServiceState.STOPPED, 0, ServiceStatus.ERROR_SERVICE_SPECIFIC_ERROR, 2, 0, 0));
    Run start = run("service", "start");
    assertEquals(1, start.exit());
    assertTrue(
        start.err().contains("dns-agent stopped while starting (service-specific exit code 2)"),
        start.err());
    assertTrue(start.err().contains("Event Log (Application, source dns-agent)"), start.err());
  }

  /**
   * The service entry point end to end, with the SCM played by the fake host: the agent starts
   * (START_PENDING, RUNNING), serves a CREATE, stops on the SCM's STOP the way SIGTERM stops it on
   * Linux (journal closed: a second run of the service replays it), logs to the log directory.
   */
  @Test
  void serviceRunStartsServesAndStopsCleanly() throws Exception {
    onWindows();
    infoLogging();
    Path zones = Files.createDirectories(dir.resolve("master"));
    TestZones.writeZoneFile(zones, TestZones.name("svc.test."), 4, 2);
    Path logs = dir.resolve("logs");
    try (LocalMaster master =
        new LocalMaster(
            LocalMasterOptions.builder(zones)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .build())) {
      master.start();
      int port = FreePorts.tcpAndUdp();
      Path conf =
          Files.writeString(
              dir.resolve("agent.conf"),
              "[DEFAULT]\nstate_path = "
                  + dir.resolve("state")
                  + "\n[service:agent]\nlisten = 127.0.0.1:"
                  + port
                  + "\nmasters = 127.0.0.1:"
                  + master.port()
                  + "\nallow_notify = 127.0.0.1\n");
      StringWriter created = new StringWriter();
      windows.whileRunning =
          () -> {
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(created, true));
            cli.setErr(new PrintWriter(created, true));
            created.write(
                "exit "
                    + cli.execute(
                        "pool-target", "create", "svc.test.", "--agent", "127.0.0.1:" + port)
                    + "\n");
            infoLogging();
          };
      Run r = run("service", "run", "--config-file", conf.toString(), "--log-dir", logs.toString());
      assertEquals(0, r.exit(), r.err());
      assertTrue(
          created.toString().contains("CREATE svc.test. on pool command-line: SUCCESS"),
          created.toString());
      assertTrue(Files.exists(dir.resolve("state/zones/svc.test.zone")));
      assertEquals(
          List.of(
              ServiceState.START_PENDING,
              ServiceState.RUNNING,
              ServiceState.STOP_PENDING,
              ServiceState.STOP_PENDING,
              ServiceState.STOPPED),
          windows.sink.states());
      assertEquals(ServiceStatus.of(ServiceState.STOPPED, 0), windows.sink.last());
      assertEquals(List.of(EventLog.STARTED, EventLog.STOPPED), windows.events.ids());
      assertEquals(
          "dns-agent started: listening on [127.0.0.1:" + port + "] with backend files",
          windows.events.events.get(0).message());
      assertEquals("dns-agent", windows.eventSource);
      assertTrue(windows.events.closed);
      String log = Files.readString(logs.resolve("dns-agent.log"));
      assertTrue(log.contains("dns-agent ready on [127.0.0.1:" + port + "]"), log);
      assertTrue(log.contains("dns-agent stopped"), log);
      String journal = Files.readString(dir.resolve("state/journal/ops.log"));
      assertTrue(journal.contains("CREATE default svc.test. SUCCEEDED"), journal);

      // The journal was closed cleanly: the service starts again on it (SHUTDOWN this time).
      windows.sink.statuses.clear();
      windows.events.events.clear();
      windows.whileRunning = () -> {};
      windows.stopControl = WindowsService.SERVICE_CONTROL_SHUTDOWN;
      Run again =
          run("service", "run", "--config-file", conf.toString(), "--log-dir", logs.toString());
      assertEquals(0, again.exit(), again.err());
      assertEquals(ServiceStatus.of(ServiceState.STOPPED, 0), windows.sink.last());
      assertEquals(
          "dns-agent stopped (the system is shutting down)",
          windows.events.events.get(1).message());
    }
  }

  @Test
  void serviceRunThatCannotStartStopsWithExitCodeTwo() throws Exception {
    onWindows();
    Path conf = config("workers = many\n");
    Run r =
        run(
            "service",
            "run",
            "--config-file",
            conf.toString(),
            "--log-dir",
            dir.resolve("logs").toString());
    assertEquals(2, r.exit());
    assertEquals(
        new ServiceStatus(
            ServiceState.STOPPED, 0, ServiceStatus.ERROR_SERVICE_SPECIFIC_ERROR, 2, 0, 0),
        windows.sink.last());
    assertEquals(List.of(EventLog.START_FAILED), windows.events.ids());
    assertTrue(
        windows.events.events.get(0).message().contains("workers = many: not an integer"),
        windows.events.events.toString());
    String log = Files.readString(dir.resolve("logs/dns-agent.log"));
    assertTrue(log.contains("workers = many: not an integer"), log);
  }

  @Test
  void serviceRunWithoutAWritableLogDirectoryRunsAndSaysSoInTheEventLog() throws Exception {
    onWindows();
    Path conf = config("");
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    Run r =
        run(
            "service",
            "run",
            "--config-file",
            conf.toString(),
            "--log-dir",
            file.resolve("logs").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("dns-agent: service run: no log files: cannot write"), r.err());
    assertEquals(
        List.of(EventLog.NO_LOG_FILES, EventLog.STARTED, EventLog.STOPPED), windows.events.ids());
    assertEquals(EventLog.Type.WARNING, windows.events.events.get(0).type());
    assertTrue(
        windows.events.events.get(0).message().contains("the account needs to write there"),
        windows.events.events.toString());
    assertEquals(ServiceStatus.of(ServiceState.STOPPED, 0), windows.sink.last());
  }

  @Test
  void serviceRunFromAConsoleSaysToUseRun() throws Exception {
    onWindows();
    windows.dispatchError = ServiceException.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT;
    Path conf = config("");
    Run r =
        run(
            "service",
            "run",
            "--config-file",
            conf.toString(),
            "--log-dir",
            dir.resolve("logs").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("in a console, use dns-agent run"), r.err());
  }
}
