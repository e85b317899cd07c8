// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.dnsagent.cli.windows.EventLog;
import org.dnsagent.cli.windows.ServiceControlManager;
import org.dnsagent.cli.windows.ServiceException;
import org.dnsagent.cli.windows.ServiceInstallPlan;
import org.dnsagent.cli.windows.ServiceLogging;
import org.dnsagent.cli.windows.ServiceSpec;
import org.dnsagent.cli.windows.ServiceState;
import org.dnsagent.cli.windows.ServiceStateMachine;
import org.dnsagent.cli.windows.ServiceStatus;
import org.dnsagent.cli.windows.ServiceWaiter;
import org.dnsagent.cli.windows.StartType;
import org.dnsagent.cli.windows.WindowsPaths;
import org.dnsagent.cli.windows.WindowsPlatform;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dns-agent service install|uninstall|start|stop|status|run}: the agent as a Windows
 * service. Everything Windows-specific is behind {@link WindowsPlatform} (JNA, loaded on Windows
 * only); elsewhere every subcommand prints one line and exits 2.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
      "The agent as a Windows service (Service Control Manager): install, uninstall, start, stop,"
          + " status; run is what the SCM starts. Windows only (on Linux, the systemd unit).",
      "Exit status: 0 done, 1 the SCM refused or the service did not reach the state,"
          + " 2 bad arguments or configuration, or not on Windows."
    },
    subcommands = {
      ServiceCommand.Install.class,
      ServiceCommand.Uninstall.class,
      ServiceCommand.Start.class,
      ServiceCommand.Stop.class,
      ServiceCommand.Status.class,
      ServiceCommand.Run.class
    })
final class ServiceCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServiceCommand.class);

  /** The platform; tests put a fake here. */
  static volatile Supplier<Optional<WindowsPlatform>> platform = WindowsPlatform::current;

  /** The environment ({@code %ProgramData%}); tests put their own here. */
  static volatile Map<String, String> environment = System.getenv();

  static final String NOT_WINDOWS =
      "dns-agent: service: only on Windows (it registers the agent with the Service Control"
          + " Manager); on Linux, run the agent from its systemd unit (docs/install.md)";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (windows(err).isEmpty()) {
      return Errors.CONFIG;
    }
    spec.commandLine().usage(err);
    return Errors.CONFIG;
  }

  /** The platform, or the one-line error (printed) when this is not Windows. */
  static Optional<WindowsPlatform> windows(PrintWriter err) {
    Optional<WindowsPlatform> p = platform.get();
    if (p.isEmpty()) {
      err.println(NOT_WINDOWS);
      err.flush();
    }
    return p;
  }

  static String defaultLogDir() {
    return WindowsPaths.logDir(environment);
  }

  /** One line for a refused SCM call. */
  static int refused(PrintWriter err, String command, ServiceException e) {
    err.println("dns-agent: service " + command + ": " + e.getMessage() + e.hint());
    err.flush();
    return 1;
  }

  /** Options every subcommand that names the service has. */
  static final class NameOption {
    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "the service's name (default: ${DEFAULT-VALUE})")
    String name = ServiceInstallPlan.DEFAULT_NAME;
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Register the agent with the Service Control Manager: the command line (java.exe ..."
            + " service run --config-file FILE), account, start type, and recovery (restart after"
            + " 5 s, 30 s, then 60 s, also when it stops with an error); and the Event Log source.",
        "The configuration is loaded first: a broken one is refused. Run as Administrator."
      })
  static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();
    @Mixin ConfigOptions config = new ConfigOptions();

    @Option(
        names = "--display-name",
        paramLabel = "TEXT",
        description = "default: ${DEFAULT-VALUE}")
    String displayName = ServiceInstallPlan.DEFAULT_DISPLAY_NAME;

    @Option(names = "--description", paramLabel = "TEXT", description = "the service's description")
    String description = ServiceInstallPlan.DEFAULT_DESCRIPTION;

    @Option(
        names = "--start-type",
        paramLabel = "TYPE",
        description = "auto (default), delayed-auto or demand")
    String startType = "auto";

    @Option(
        names = "--account",
        paramLabel = "ACCOUNT",
        description =
            "virtual (default: NT SERVICE\\NAME), LocalService, NetworkService, LocalSystem,"
                + " DOMAIN\\gmsa$ or DOMAIN\\user (with --password-file)")
    String account = "virtual";

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "file holding the account's password (first line); never on a command line")
    Path passwordFile;

    @Option(
        names = "--depends-on",
        paramLabel = "SERVICE",
        split = ",",
        description = "services to start first, for example DNS")
    List<String> dependsOn = new ArrayList<>();

    @Option(
        names = "--java",
        paramLabel = "JAVA_EXE",
        description = "the java.exe the service runs (default: the one running this)")
    String java;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "the installation directory, with lib\\ (default: where this runs from)")
    String home;

    @Option(
        names = "--jvm-option",
        paramLabel = "OPTION",
        description =
            "a JVM option for the service, repeatable; -Xmx256m unless one bounds the heap")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
        names = "--log-dir",
        paramLabel = "DIR",
        description = "the service's log files (default: %%ProgramData%%\\dns-agent\\logs)")
    String logDir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      Logging.quiet();
      List<Path> files = config.effectiveFiles();
      if (files.isEmpty()) {
        err.println(
            "dns-agent: service install: no configuration file: "
                + ConfigOptions.DEFAULT_CONFIG
                + " does not exist; give one with --config-file FILE");
        err.flush();
        return Errors.CONFIG;
      }
      try {
        config.files = files;
        config.load(BackendRegistry.discover());
      } catch (ConfigException e) {
        Errors.print(err, e);
        return Errors.CONFIG;
      }
      ServiceSpec serviceSpec;
      try {
        serviceSpec = plan(files).spec();
      } catch (IllegalArgumentException | IOException e) {
        err.println("dns-agent: service install: " + e.getMessage());
        err.flush();
        return Errors.CONFIG;
      }
      try {
        p.get().serviceControlManager().install(serviceSpec);
      } catch (ServiceException e) {
        return refused(err, "install", e);
      }
      out.println(
          "installed service "
              + serviceSpec.name()
              + " ("
              + serviceSpec.startType().option()
              + " start, account "
              + serviceSpec.account().orElse("LocalSystem")
              + ", restarts after "
              + serviceSpec.restartDelays().stream().map(d -> d.toSeconds() + " s").toList()
              + " on failure)");
      out.println("command line: " + serviceSpec.commandLine());
      out.println("start it with: dns-agent service start --name " + serviceSpec.name());
      out.flush();
      return 0;
    }

    ServiceInstallPlan plan(List<Path> files) throws IOException {
      StartType type = StartType.of(startType);
      Optional<String> password = Optional.empty();
      if (passwordFile != null) {
        List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new IllegalArgumentException("--password-file " + passwordFile + " is empty");
        }
        password = Optional.of(lines.get(0));
      }
      List<String> configFiles = files.stream().map(f -> f.toAbsolutePath().toString()).toList();
      return new ServiceInstallPlan(
          name.name,
          displayName,
          description,
          type,
          account,
          password,
          dependsOn,
          java != null
              ? java
              : Path.of(System.getProperty("java.home"), "bin", "java.exe").toString(),
          home != null ? home : installationHome(),
          jvmOptions,
          configFiles,
          logDir != null ? logDir : defaultLogDir());
    }

    /** The directory above the {@code lib\} this jar is in. */
    private static String installationHome() {
      try {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = jar.getParent();
        if (Files.isRegularFile(jar) && lib != null && lib.getFileName().toString().equals("lib")) {
          return lib.getParent().toString();
        }
      } catch (URISyntaxException | RuntimeException e) {
        // fall through
      }
      throw new IllegalArgumentException(
          "cannot tell where dns-agent is installed (not run from its lib\\): give --home DIR");
    }
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description =
          "Stop the service if it runs, remove it and its Event Log source. The configuration,"
              + " state and logs under %%ProgramData%%\\dns-agent stay.")
  static final class Uninstall implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "longest wait for the service to stop (default: ${DEFAULT-VALUE})")
    int timeout = 60;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      ServiceControlManager scm = p.get().serviceControlManager();
      try {
        Optional<ServiceStatus> status = scm.query(name.name);
        if (status.isEmpty()) {
          out.println("service " + name.name + " is not installed");
          out.flush();
          return 0;
        }
        if (status.get().state() != ServiceState.STOPPED) {
          int stopped = stop(scm, name.name, Duration.ofSeconds(timeout), out, err, "uninstall");
          if (stopped != 0) {
            return stopped;
          }
        }
        scm.uninstall(name.name, name.name);
      } catch (ServiceException e) {
        return refused(err, "uninstall", e);
      }
      out.println(
          "removed service "
              + name.name
              + "; its configuration, state and logs stay under "
              + WindowsPaths.dataDir(environment));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Start the service and wait until it runs (or stopped: then say where to look).")
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "longest wait for the service to run (default: ${DEFAULT-VALUE})")
    int timeout = 120;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      ServiceControlManager scm = p.get().serviceControlManager();
      try {
        scm.start(name.name);
      } catch (ServiceException e) {
        if (e.error() != ServiceException.ERROR_SERVICE_ALREADY_RUNNING) {
          return refused(err, "start", e);
        }
      }
      Optional<ServiceStatus> s;
      try {
        s = new ServiceWaiter(scm).awaitSettled(name.name, Duration.ofSeconds(timeout));
      } catch (ServiceException e) {
        return refused(err, "start", e);
      }
      if (s.isPresent() && s.get().state() == ServiceState.RUNNING) {
        out.println("service " + name.name + " is running");
        out.flush();
        return 0;
      }
      err.println(
          "dns-agent: service start: "
              + name.name
              + (s.isEmpty()
                  ? " is not installed"
                  : s.get().state() == ServiceState.STOPPED
                      ? " stopped while starting ("
                          + s.get().exitDescription()
                          + "): see the Event Log (Application, source "
                          + name.name
                          + ") and "
                          + WindowsPaths.join(defaultLogDir(), name.name + ".log")
                      : " is still " + s.get().state() + " after " + timeout + " s"));
      err.flush();
      return 1;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the service (the agent closes its journal) and wait until it stopped.")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "longest wait for the service to stop (default: ${DEFAULT-VALUE})")
    int timeout = 60;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      try {
        return stop(
            p.get().serviceControlManager(),
            name.name,
            Duration.ofSeconds(timeout),
            out,
            err,
            "stop");
      } catch (ServiceException e) {
        return refused(err, "stop", e);
      }
    }
  }

  /** Sends STOP and waits for STOPPED; 0, or 1 with the line printed. */
  static int stop(
      ServiceControlManager scm,
      String name,
      Duration timeout,
      PrintWriter out,
      PrintWriter err,
      String command)
      throws InterruptedException {
    try {
      scm.stop(name);
    } catch (ServiceException e) {
      if (e.error() != ServiceException.ERROR_SERVICE_NOT_ACTIVE) {
        throw e;
      }
    }
    Optional<ServiceStatus> s = new ServiceWaiter(scm).awaitSettled(name, timeout);
    if (s.isEmpty() || s.get().state() == ServiceState.STOPPED) {
      out.println(
          "service " + name + " stopped" + s.map(x -> " (" + x.exitDescription() + ")").orElse(""));
      out.flush();
      return 0;
    }
    err.println(
        "dns-agent: service "
            + command
            + ": "
            + name
            + " is still "
            + s.get().state()
            + " after "
            + timeout.toSeconds()
            + " s");
    err.flush();
    return 1;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "The service's state as the SCM has it. Exit status 1 if it is not installed.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      Optional<ServiceStatus> s;
      try {
        s = p.get().serviceControlManager().query(name.name);
      } catch (ServiceException e) {
        return refused(err, "status", e);
      }
      if (s.isEmpty()) {
        out.println("service " + name.name + " is not installed");
        out.flush();
        return 1;
      }
      out.println(
          "service "
              + name.name
              + ": "
              + s.get().state()
              + (s.get().state() == ServiceState.STOPPED
                  ? " (" + s.get().exitDescription() + ")"
                  : ""));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "The service's entry point: what the Service Control Manager starts (not for a console:"
            + " use dns-agent run there). Logs to rolling files in --log-dir; start, stop and"
            + " failures also to the Event Log."
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NameOption name = new NameOption();
    @Mixin AgentRunOptions options = new AgentRunOptions();

    @Option(
        names = "--log-dir",
        paramLabel = "DIR",
        description = "where the log files go (default: %%ProgramData%%\\dns-agent\\logs)")
    String logDir;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Optional<WindowsPlatform> p = windows(err);
      if (p.isEmpty()) {
        return Errors.CONFIG;
      }
      String dir = logDir != null ? logDir : defaultLogDir();
      ServiceLogging logging = null;
      String noLogs = null;
      try {
        logging = ServiceLogging.toFiles(dir, name.name);
      } catch (RuntimeException e) {
        // The service runs all the same (the SCM would otherwise wait 30 s and report only
        // "did not respond"): the Event Log says why there are no log files.
        noLogs = e.getMessage();
      }
      ServiceLogging files = logging;
      try (files;
          EventLog events = p.get().eventLog(name.name)) {
        if (noLogs != null) {
          err.println("dns-agent: service run: no log files: " + noLogs);
          err.flush();
          events.report(
              EventLog.Type.WARNING,
              EventLog.NO_LOG_FILES,
              name.name
                  + ": no log files in "
                  + dir
                  + " ("
                  + noLogs
                  + "); the account needs to write there");
        }
        return runService(p.get(), events, err);
      }
    }

    int runService(WindowsPlatform p, EventLog events, PrintWriter err) {
      AgentLifecycle lifecycle = new AgentLifecycle(options);
      ServiceStateMachine machine = new ServiceStateMachine(name.name, lifecycle, events);
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler(machine::fatal);
      Thread hook = new Thread(lifecycle::stop, "service-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        p.serviceHost().dispatch(name.name, machine);
      } catch (ServiceException e) {
        if (e.error() == ServiceException.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
          err.println(
              "dns-agent: service run: only the Service Control Manager starts this (the"
                  + " service's entry point); in a console, use dns-agent run");
          err.flush();
          return Errors.CONFIG;
        }
        log.error("service {}: {}", name.name, e.getMessage());
        return refused(err, "run", e);
      } finally {
        lifecycle.stop();
        Thread.setDefaultUncaughtExceptionHandler(previous);
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down
        }
      }
      return machine.exitCode();
    }
  }

  /** The agent as the service starts and stops it: the same start and stop as {@code run}. */
  static final class AgentLifecycle implements ServiceStateMachine.Lifecycle {
    private final AgentRunOptions options;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Agent agent;

    AgentLifecycle(AgentRunOptions options) {
      this.options = options;
    }

    @Override
    public String start() throws ServiceStateMachine.StartFailure {
      StringWriter problems = new StringWriter();
      AgentRunOptions.Started started;
      try (PrintWriter w = new PrintWriter(problems)) {
        started = options.start(w);
      }
      if (started.agent() == null) {
        String lines = problems.toString().strip().replace("\r", "");
        lines.lines().forEach(l -> log.error("{}", l));
        throw new ServiceStateMachine.StartFailure(
            started.exitCode(), String.join("; ", lines.lines().toList()));
      }
      agent = started.agent();
      String ready = AgentRunOptions.readyLine(agent);
      log.info("{}", ready);
      return ready.replaceFirst("^dns-agent ready on ", "listening on ");
    }

    @Override
    public void stop() {
      Agent a = agent;
      if (a != null && stopped.compareAndSet(false, true)) {
        a.close();
      }
    }
  }
}
