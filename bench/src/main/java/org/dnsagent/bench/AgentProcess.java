// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.AdminEndpoint;
import org.dnsagent.testing.servers.FreePorts;
import org.xbill.DNS.Name;

/**
 * The agent under test, in its own JVM, started the way an operator starts it: the distribution's
 * launcher {@code bin/dns-agent --config-file ...} with {@code JAVA_OPTS} (the heap limit, a GC log
 * to read the peak heap from, optionally a JFR recording). Only this process is ever stopped.
 */
final class AgentProcess implements AutoCloseable {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private final Process process;
  private final Path directory;
  private final InetSocketAddress address;
  private final InetSocketAddress admin;
  private final Duration startedIn;

  private AgentProcess(
      Process process,
      Path directory,
      InetSocketAddress address,
      InetSocketAddress admin,
      Duration startedIn) {
    this.process = process;
    this.directory = directory;
    this.address = address;
    this.admin = admin;
    this.startedIn = startedIn;
  }

  /**
   * Writes the configuration, launches the agent and waits until it answers a DNS query.
   *
   * @param serviceOptions extra lines for {@code [service:agent]}
   * @param stateDirectory {@code state_path}
   */
  static AgentProcess start(
      BenchOptions options,
      Path directory,
      Path stateDirectory,
      InetSocketAddress master,
      Target target,
      String serviceOptions)
      throws IOException, InterruptedException {
    return start(options, directory, stateDirectory, master, target, serviceOptions, "");
  }

  /** With {@code sections} (whole sections, such as {@code [catalog:NAME]}) at the end. */
  static AgentProcess start(
      BenchOptions options,
      Path directory,
      Path stateDirectory,
      InetSocketAddress master,
      Target target,
      String serviceOptions,
      String sections)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    int port = FreePorts.tcpAndUdp();
    int adminPort = FreePorts.tcp();
    String config =
        "[DEFAULT]\nstate_path = "
            + stateDirectory
            + "\n\n[service:agent]\nlisten = 127.0.0.1:"
            + port
            + "\nmasters = 127.0.0.1:"
            + master.getPort()
            + "\nallow_notify = 127.0.0.0/8\nadmin_listen = 127.0.0.1:"
            + adminPort
            + "\n"
            + serviceOptions
            + target.agentConfig()
            + sections;
    Path configFile = directory.resolve("agent.conf");
    Files.writeString(configFile, config);
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + options.agentHeap());
    jvm.add("-Xlog:gc:file=" + directory.resolve("gc.log") + ":uptime");
    if (options.jfr()) {
      jvm.add(
          "-XX:StartFlightRecording=filename="
              + directory.resolve("agent.jfr")
              + ",settings="
              + profileSettings(directory)
              + ",dumponexit=true");
    }
    String extra = System.getenv("BENCH_AGENT_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      jvm.add(extra.strip()); // experiments: other collectors, JIT flags, JFR settings
    }
    Path launcher = options.agentHome().resolve("bin/dns-agent").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IOException(launcher + " is missing: build with mvn install -DskipTests first");
    }
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "--config-file", configFile.toString());
    pb.environment().put("JAVA_OPTS", String.join(" ", jvm));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("agent.log").toFile()));
    long t0 = System.nanoTime();
    Process process = pb.start();
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    Name probe = Name.fromConstantString("ready.bench.test.");
    try (DnsProbe dns = new DnsProbe(address, Duration.ofMillis(10))) {
      long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
      while (!dns.answers(probe)) {
        if (!process.isAlive()) {
          throw new IOException(
              "the agent exited with "
                  + process.exitValue()
                  + "; see "
                  + directory.resolve("agent.log"));
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException("the agent did not answer within 120 s");
        }
      }
    }
    Duration startedIn = Duration.ofNanos(System.nanoTime() - t0);
    return new AgentProcess(
        process, directory, address, new InetSocketAddress("127.0.0.1", adminPort), startedIn);
  }

  /** JFR's "profile" settings, sampling stacks every 2 ms instead of 10-20 ms. */
  private static String profileSettings(Path directory) {
    Path jfc = directory.resolve("bench.jfc");
    Commands.Output out =
        Commands.run(
            List.of(
                "jfr",
                "configure",
                "--input",
                "profile",
                "--output",
                jfc.toString(),
                "jdk.ExecutionSample#period=2ms",
                "jdk.NativeMethodSample#period=2ms"),
            Duration.ofSeconds(60));
    return out.exitCode() == 0 ? jfc.toString() : "profile";
  }

  InetSocketAddress address() {
    return address;
  }

  /** From launch until the first answer to a DNS query. */
  Duration startedIn() {
    return startedIn;
  }

  long pid() {
    return process.pid();
  }

  /** Resident memory now, in MiB ({@code VmRSS}). */
  double rssMiB() throws IOException {
    return procStatusKiB("VmRSS") / 1024.0;
  }

  /** Peak resident memory so far, in MiB ({@code VmHWM}). */
  double peakRssMiB() throws IOException {
    return procStatusKiB("VmHWM") / 1024.0;
  }

  private long procStatusKiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException(field + " not in /proc/" + process.pid() + "/status");
  }

  /**
   * From the GC log: the most heap in use when a collection started (garbage included: what {@code
   * -Xmx} must hold), and the most still in use after one (what the agent really keeps), in MiB.
   */
  double[] heapPeaksMiB() throws IOException {
    Path log = directory.resolve("gc.log");
    long before = 0;
    long after = 0;
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        Matcher m = GC_LINE.matcher(line);
        if (m.find()) {
          before = Math.max(before, Long.parseLong(m.group(1)));
          after = Math.max(after, Long.parseLong(m.group(2)));
        }
      }
    }
    return new double[] {before, after};
  }

  /** Collections logged so far. */
  long collections() throws IOException {
    Path log = directory.resolve("gc.log");
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> GC_LINE.matcher(l).find()).count()
        : 0;
  }

  /** Heap in use now, in MiB, as {@code jcmd GC.heap_info} reports it. */
  double heapUsedMiB() {
    Commands.Output out =
        Commands.run(
            List.of("jcmd", Long.toString(process.pid()), "GC.heap_info"), Duration.ofSeconds(30));
    Matcher m = Pattern.compile("used (\\d+)K").matcher(out.stdout());
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
  }

  /** The admin endpoint's {@code status}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> status() throws IOException {
    return (Map<String, Object>) admin(Map.of("command", "status"));
  }

  /** Starts a reconciliation sweep now. */
  void reconcile() throws IOException {
    admin(Map.of("command", "reconcile"));
  }

  private Object admin(Map<String, Object> request) throws IOException {
    try {
      return new AdminClient(new AdminEndpoint.Tcp(admin), Duration.ofSeconds(60)).call(request);
    } catch (AdminClient.AdminException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Stops the agent (SIGTERM, then SIGKILL after 30 s) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
