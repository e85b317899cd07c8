// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.agent.AgentStartException;
import org.dnsagent.core.agent.AgentStatus;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.Causes;
import org.dnsagent.core.config.LoadedConfig;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of running the agent, shared by {@code dns-agent} and {@code dns-agent run}. */
final class AgentRunOptions {
  private static final Logger log = LoggerFactory.getLogger(AgentRunOptions.class);

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      split = ",",
      description = "Listen here instead of [service:agent] listen.")
  List<String> listen = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "More logging; repeat for more.")
  boolean[] verbose = new boolean[0];

  /**
   * Tells systemd the agent is ready, then its status every few seconds and, when {@code
   * WatchdogSec} is set, that it is alive at half that interval.
   */
  private static ScheduledExecutorService notifySystemd(SystemdNotify systemd, Agent agent) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "systemd-notify");
              t.setDaemon(true);
              return t;
            });
    if (!systemd.enabled()) {
      return timer;
    }
    systemd.ready(statusLine(agent));
    timer.scheduleWithFixedDelay(() -> systemd.status(statusLine(agent)), 5, 5, TimeUnit.SECONDS);
    systemd
        .watchdogInterval()
        .ifPresent(
            every ->
                timer.scheduleAtFixedRate(
                    systemd::watchdogPing, 0, every.toMillis(), TimeUnit.MILLISECONDS));
    return timer;
  }

  /** What {@code systemctl status} shows: zones, queue depth, backend health. */
  static String statusLine(Agent agent) {
    try {
      AgentStatus s = agent.status();
      StringBuilder b = new StringBuilder();
      b.append(s.zones()).append(" zones, queue depth ").append(s.queueDepth());
      for (AgentStatus.TargetHealth t : s.targets()) {
        b.append(", backend ")
            .append(t.target())
            .append(" (")
            .append(t.driver())
            .append(") ")
            .append(t.state());
      }
      return b.toString();
    } catch (RuntimeException e) {
      return "status unavailable: " + e.getMessage();
    }
  }

  /** The agent started, or the exit status of why not (already printed). */
  record Started(Agent agent, int exitCode) {}

  /**
   * Loads the configuration and starts the agent, as {@code dns-agent run} and the Windows service
   * do; a problem is printed on {@code err} (one line each) and returned as an exit status.
   */
  Started start(java.io.PrintWriter err) {
    Logging.verbosity(verbose.length);
    BackendRegistry registry = BackendRegistry.discover();
    AgentConfig agentConfig;
    try {
      LoadedConfig loaded = config.load(registry);
      loaded.warnings().forEach(w -> log.warn("{}", w));
      agentConfig = loaded.config();
      if (!listen.isEmpty()) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String item : listen) {
          try {
            addresses.add(HostPort.parse(item, AgentConfig.DEFAULT_PORT));
          } catch (IllegalArgumentException e) {
            throw new ConfigException("command line", "--listen", item, e.getMessage());
          }
        }
        agentConfig = agentConfig.withListen(addresses);
      }
    } catch (ConfigException e) {
      Errors.print(err, e);
      return new Started(null, Errors.CONFIG);
    }
    if (agentConfig.debug()) {
      Logging.verbosity(Math.max(1, verbose.length));
    }
    Agent agent;
    try {
      agent = Agent.start(agentConfig, registry);
    } catch (AgentStartException e) {
      err.println("dns-agent: cannot start: " + StartFailure.describe(e, agentConfig));
      if (Main.debug()) {
        e.printStackTrace(err);
      }
      err.flush();
      return new Started(null, Errors.CONFIG);
    } catch (ConfigException e) {
      Errors.print(err, e);
      return new Started(null, Errors.CONFIG);
    } catch (RuntimeException e) {
      err.println("dns-agent: cannot start: " + Causes.describe(e));
      if (Main.debug()) {
        e.printStackTrace(err);
      }
      err.flush();
      return new Started(null, Errors.CONFIG);
    }
    return new Started(agent, 0);
  }

  /** What the agent listens on and runs: the line {@code run} prints once ready. */
  static String readyLine(Agent agent) {
    return "dns-agent ready on "
        + agent.udpAddresses().stream().map(HostPort::format).toList()
        + " with backend "
        + agent.targets().get(0).config().driver();
  }

  /** Runs the agent until it is stopped (SIGTERM, Ctrl-C). */
  int run() {
    java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
    Started started = start(err);
    if (started.agent() == null) {
      return started.exitCode();
    }
    Agent agent = started.agent();
    CountDownLatch stopped = new CountDownLatch(1);
    SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv());
    ScheduledExecutorService notifier = notifySystemd(systemd, agent);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  systemd.stopping();
                  notifier.shutdownNow();
                  agent.close();
                  systemd.close();
                  stopped.countDown();
                },
                "shutdown"));
    System.out.println(readyLine(agent));
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
