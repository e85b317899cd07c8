// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code dns-agent service install} registers: the command line the SCM runs ({@code java.exe
 * -Xrs -Xmx256m ... -cp "HOME\lib\*" org.dnsagent.cli.Main service run --name NAME --log-dir DIR
 * --config-file FILE}), the account, start type, dependencies and recovery actions.
 *
 * @param java the {@code java.exe} to run (full path)
 * @param home the installation directory (its {@code lib\} holds the jars)
 * @param jvmOptions JVM options; {@code -Xmx256m} is added unless one bounds the heap
 * @param configFiles the configuration files, in order
 * @param logDir where the log files go
 */
public record ServiceInstallPlan(
    String name,
    String displayName,
    String description,
    StartType startType,
    String account,
    Optional<String> password,
    List<String> dependencies,
    String java,
    String home,
    List<String> jvmOptions,
    List<String> configFiles,
    String logDir) {
  public static final String DEFAULT_NAME = "dns-agent";
  public static final String DEFAULT_DISPLAY_NAME = "dns-agent (DNS provisioning agent)";
  public static final String DEFAULT_DESCRIPTION =
      "Provisions zones on this DNS server for a Designate-style controller (CREATE, DELETE and"
          + " NOTIFY over DNS). Configuration, state and logs under %ProgramData%\\dns-agent.";

  /** Restart 5 s after the first failure, 30 s after the second, 60 s after every later one. */
  public static final List<Duration> RESTART_DELAYS =
      List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60));

  /** A day without failure resets the count of failures. */
  public static final Duration RESET_PERIOD = Duration.ofDays(1);

  /** The main class the SCM's command line starts. */
  public static final String MAIN_CLASS = "org.dnsagent.cli.Main";

  public ServiceInstallPlan {
    dependencies = List.copyOf(dependencies);
    jvmOptions = List.copyOf(jvmOptions);
    configFiles = List.copyOf(configFiles);
  }

  /** The arguments of the command line, unquoted. */
  public List<String> arguments() {
    List<String> args = new ArrayList<>();
    args.add(java);
    // -Xrs: the JVM installs no console handler (a user's logoff must not end the service); the
    // SCM's STOP and SHUTDOWN controls stop the agent instead.
    args.add("-Xrs");
    if (jvmOptions.stream().noneMatch(ServiceInstallPlan::boundsHeap)) {
      args.add("-Xmx256m");
    }
    args.addAll(jvmOptions);
    // An OutOfMemoryError ends the process: the SCM sees a crash and restarts the service.
    args.add("-XX:+ExitOnOutOfMemoryError");
    args.add("-cp");
    args.add(WindowsPaths.join(WindowsPaths.join(home, "lib"), "*"));
    args.add(MAIN_CLASS);
    args.add("service");
    args.add("run");
    args.add("--name");
    args.add(name);
    args.add("--log-dir");
    args.add(logDir);
    for (String f : configFiles) {
      args.add("--config-file");
      args.add(f);
    }
    return args;
  }

  /** The spec for the SCM; throws IllegalArgumentException for a bad name, account or path. */
  public ServiceSpec spec() {
    ServiceAccount.checkName(name);
    Optional<String> resolved = ServiceAccount.resolve(account, name);
    if (ServiceAccount.needsPassword(resolved) && password.isEmpty()) {
      throw new IllegalArgumentException(
          "account "
              + resolved.get()
              + " needs its password: give --password-file FILE, or use the virtual account,"
              + " LocalService or a group managed service account (DOMAIN\\name$)");
    }
    if (!ServiceAccount.needsPassword(resolved) && password.isPresent()) {
      throw new IllegalArgumentException(
          "account " + resolved.orElse("LocalSystem") + " has no password: drop --password-file");
    }
    if (!isAbsolute(java)) {
      throw new IllegalArgumentException(
          "java: give the full path of java.exe, not '" + java + "'");
    }
    if (!isAbsolute(home)) {
      throw new IllegalArgumentException("home: give a full path, not '" + home + "'");
    }
    if (!isAbsolute(logDir)) {
      throw new IllegalArgumentException("log directory: give a full path, not '" + logDir + "'");
    }
    for (String f : configFiles) {
      if (!isAbsolute(f)) {
        throw new IllegalArgumentException(
            "configuration file: give a full path (the service does not start in this directory),"
                + " not '"
                + f
                + "'");
      }
    }
    if (configFiles.isEmpty()) {
      throw new IllegalArgumentException("no configuration file");
    }
    for (String d : dependencies) {
      if (d.isBlank() || d.chars().anyMatch(c -> c < 0x20 || c == '/' || c == '\\')) {
        throw new IllegalArgumentException("dependency '" + d + "': not a service name");
      }
    }
    return new ServiceSpec(
        name,
        displayName,
        description,
        WindowsCommandLine.join(arguments()),
        startType,
        resolved,
        password,
        dependencies,
        RESTART_DELAYS,
        RESET_PERIOD,
        true,
        name);
  }

  /** {@code C:\...} or {@code \\server\share\...}. */
  static boolean isAbsolute(String path) {
    // On Windows, Path.isAbsolute agrees; elsewhere (the tests) a local absolute path passes too.
    return path.matches("(?s)[A-Za-z]:[\\\\/].*")
        || path.startsWith("\\\\")
        || Path.of(path).isAbsolute();
  }

  static boolean boundsHeap(String option) {
    return option.startsWith("-Xmx")
        || option.startsWith("-XX:MaxHeapSize=")
        || option.startsWith("-XX:MaxRAMPercentage=")
        || option.startsWith("-XX:MaxRAM=");
  }
}
