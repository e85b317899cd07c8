// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.backend.ProcessCommandRunner;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.dnsagent.core.server.AgentMetrics;
import org.dnsagent.core.server.RequestHandler;
import org.dnsagent.core.server.TcpListener;
import org.dnsagent.core.server.UdpListener;
import org.dnsagent.core.wire.TsigAuthenticator;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: backends started, operation queue running, UDP and TCP listeners bound. {@link
 * #start} returns once it answers requests; {@link #close} stops it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final List<Target> targets;
  private final TargetMasters masters;
  private final ZoneOperationQueue queue;
  private final ThreadPoolExecutor requests;
  private final AgentMetrics metrics;
  private final List<UdpListener> udp = new ArrayList<>();
  private final List<TcpListener> tcp = new ArrayList<>();

  private Agent(
      AgentConfig config,
      List<Target> targets,
      TargetMasters masters,
      ZoneOperationQueue queue,
      ThreadPoolExecutor requests,
      AgentMetrics metrics) {
    this.config = config;
    this.targets = targets;
    this.masters = masters;
    this.queue = queue;
    this.requests = requests;
    this.metrics = metrics;
  }

  /** Starts an agent; on failure everything started so far is stopped again. */
  public static Agent start(AgentConfig config, BackendRegistry registry)
      throws AgentStartException {
    List<Target> targets = new ArrayList<>();
    TargetMasters masters = null;
    ZoneOperationQueue queue = null;
    ThreadPoolExecutor requests = null;
    try {
      prepareStateDirectory(config);
      CommandRunner commands = new ProcessCommandRunner(16);
      for (TargetConfig tc : config.targets()) {
        BackendFactory factory = registry.require("service:agent", tc.driver());
        Path dir =
            tc.name().equals("default")
                ? config.statePath()
                : config.statePath().resolve("target-" + tc.name());
        Files.createDirectories(dir);
        Backend backend =
            factory.create(
                tc.settings(),
                context(tc.name(), dir, config.mastersOf(tc), commands, config.tsigKeys()));
        targets.add(new Target(tc, backend));
        try {
          backend.start();
        } catch (BackendException e) {
          throw new AgentStartException(
              "backend "
                  + tc.driver()
                  + " of target "
                  + tc.name()
                  + " cannot start: "
                  + e.getMessage(),
              e);
        }
        log.info(
            "target {}: backend {} started; masters {}",
            tc.name(),
            tc.driver(),
            config.mastersOf(tc));
      }
      TargetSelector selector = new TargetSelector(targets);
      masters = new TargetMasters(config);
      queue =
          new ZoneOperationQueue(
              new ZoneWorker(selector, masters),
              config.operationWorkers(),
              config.maxPendingOperations(),
              config.notifyDelay(),
              Clock.systemUTC());
      AgentMetrics metrics = new AgentMetrics();
      RequestHandler handler =
          new RequestHandler(
              new TsigAuthenticator(acceptedKeys(config), config.requireTsig()),
              config.allowNotify(),
              selector,
              queue,
              metrics);
      requests = requestExecutor(config.workers());
      Agent agent = new Agent(config, targets, masters, queue, requests, metrics);
      agent.bind(handler);
      log.info(
          "dns-agent listening on {} (UDP and TCP); masters {}; allow_notify {}",
          agent.udp.stream().map(l -> HostPort.format(l.localAddress())).toList(),
          config.masters(),
          config.allowNotify());
      return agent;
    } catch (IOException e) {
      stopAll(targets, masters, queue, requests);
      throw new AgentStartException("cannot start: " + e.getMessage(), e);
    } catch (AgentStartException | RuntimeException e) {
      stopAll(targets, masters, queue, requests);
      throw e;
    }
  }

  private void bind(RequestHandler handler) throws IOException {
    TcpListener.Limits limits =
        new TcpListener.Limits(
            config.tcpBacklog(),
            config.maxTcpConnections(),
            config.maxRequestSize(),
            config.tcpRecvTimeout(),
            config.tcpIdleTimeout());
    try {
      for (InetSocketAddress address : config.listen()) {
        UdpListener u = new UdpListener(address, handler, requests, metrics);
        udp.add(u);
        // With port 0 (tests), TCP takes the port the kernel gave UDP.
        InetSocketAddress tcpAddress =
            new InetSocketAddress(address.getAddress(), u.localAddress().getPort());
        tcp.add(new TcpListener(tcpAddress, handler, requests, metrics, limits));
      }
    } catch (IOException e) {
      closeListeners();
      throw e;
    }
    udp.forEach(UdpListener::start);
    tcp.forEach(TcpListener::start);
  }

  private static Map<String, TsigKeySpec> acceptedKeys(AgentConfig config) {
    Map<String, TsigKeySpec> accepted = new LinkedHashMap<>();
    config.acceptedKeys().forEach(k -> accepted.put(k, config.tsigKeys().get(k)));
    config
        .targets()
        .forEach(t -> t.tsigKeys().forEach(k -> accepted.put(k, config.tsigKeys().get(k))));
    config.masters().forEach(m -> m.key().ifPresent(k -> accepted.put(k.name(), k)));
    config
        .targets()
        .forEach(t -> t.masters().forEach(m -> m.key().ifPresent(k -> accepted.put(k.name(), k))));
    return accepted;
  }

  private static ThreadPoolExecutor requestExecutor(int workers) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "request-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    return executor;
  }

  private static void prepareStateDirectory(AgentConfig config) throws IOException {
    Files.createDirectories(config.statePath());
    Files.createDirectories(config.spoolDirectory());
    // Spool files of transfers that a crash interrupted are never resumed.
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(config.spoolDirectory(), "*.spool")) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static BackendContext context(
      String name,
      Path dir,
      List<MasterServer> masters,
      CommandRunner commands,
      Map<String, TsigKeySpec> keys) {
    return new BackendContext() {
      @Override
      public String targetName() {
        return name;
      }

      @Override
      public Path stateDirectory() {
        return dir;
      }

      @Override
      public List<MasterServer> masters() {
        return masters;
      }

      @Override
      public CommandRunner commandRunner() {
        return commands;
      }

      @Override
      public Map<String, TsigKeySpec> tsigKeys() {
        return keys;
      }
    };
  }

  /** Addresses the UDP listeners are bound to (ports resolved when configured as 0). */
  public List<InetSocketAddress> udpAddresses() {
    return udp.stream().map(UdpListener::localAddress).toList();
  }

  public List<InetSocketAddress> tcpAddresses() {
    return tcp.stream().map(TcpListener::localAddress).toList();
  }

  public AgentConfig config() {
    return config;
  }

  public List<Target> targets() {
    return targets;
  }

  public ZoneOperationQueue operations() {
    return queue;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  public AgentStatus status() {
    List<AgentStatus.TargetHealth> health = new ArrayList<>();
    for (Target t : targets) {
      BackendHealth h = t.backend().checkHealth();
      health.add(
          new AgentStatus.TargetHealth(t.name(), t.config().driver(), h.healthy(), h.detail()));
    }
    return new AgentStatus(
        health,
        queue.depth(),
        queue.oldestPending().map(i -> Duration.between(i, Instant.now())),
        metrics.snapshot());
  }

  private void closeListeners() {
    udp.forEach(UdpListener::close);
    tcp.forEach(TcpListener::close);
  }

  @Override
  public void close() {
    closeListeners();
    stopAll(targets, masters, queue, requests);
    log.info("dns-agent stopped");
  }

  private static void stopAll(
      List<Target> targets,
      TargetMasters masters,
      ZoneOperationQueue queue,
      ThreadPoolExecutor requests) {
    if (requests != null) {
      requests.shutdownNow();
    }
    if (queue != null) {
      queue.close();
    }
    if (masters != null) {
      masters.close();
    }
    for (Target t : targets) {
      try {
        t.backend().close();
      } catch (RuntimeException e) {
        log.warn("closing backend of target {}: {}", t.name(), e.toString());
      }
    }
  }
}
