// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.core.admin.AdminServer;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.catalog.CatalogFollower;
import org.dnsagent.core.catalog.Catalogs;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.OperationsConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.core.journal.JournalContents;
import org.dnsagent.core.journal.OperationJournal;
import org.dnsagent.core.ops.OperationKind;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.QueueSettings;
import org.dnsagent.core.ops.ZoneCatalog;
import org.dnsagent.core.ops.ZoneKey;
import org.dnsagent.core.ops.ZoneOperationQueue;
import org.dnsagent.core.server.AgentMetrics;
import org.dnsagent.core.server.MetricsServer;
import org.dnsagent.core.server.NotifyRateLimiter;
import org.dnsagent.core.server.RequestHandler;
import org.dnsagent.core.server.TcpListener;
import org.dnsagent.core.server.UdpListener;
import org.dnsagent.core.wire.ReplayMarks;
import org.dnsagent.core.wire.TsigAuthenticator;
import org.dnsagent.core.xfr.MasterClient;
import org.dnsagent.spi.FileModes;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: journal replayed, backends started, operation queue running (resuming what the
 * journal held), UDP and TCP listeners bound, admin endpoint and maintenance started. {@link
 * #start} returns once it answers requests; {@link #close} stops it.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  /** Under state_path: per TSIG key, the latest time signed accepted ({@link ReplayMarks}). */
  public static final String REPLAY_MARKS_FILE = "replay-marks";

  private final AgentConfig config;
  private final List<Target> targets;
  private final OperationJournal journal;
  private final ZoneCatalog catalog;
  private final ZoneOperationQueue queue;
  private final HealthMonitors health;
  private final Reconciler reconciler;
  private final Maintenance maintenance;
  private final ThreadPoolExecutor requests;
  private final AgentMetrics metrics;
  private final Catalogs catalogs;
  private final Deque<AutoCloseable> opened;
  private final List<UdpListener> udp = new ArrayList<>();
  private final List<TcpListener> tcp = new ArrayList<>();
  private AdminServer admin;
  private MetricsServer metricsServer;
  private volatile boolean closed;

  private Agent(Parts p, Deque<AutoCloseable> opened) {
    this.config = p.config;
    this.targets = p.targets;
    this.journal = p.journal;
    this.catalog = p.catalog;
    this.queue = p.queue;
    this.health = p.health;
    this.reconciler = p.reconciler;
    this.maintenance = p.maintenance;
    this.requests = p.requests;
    this.metrics = p.metrics;
    this.catalogs = p.catalogs;
    this.opened = opened;
  }

  /** What {@link #start} builds, in order. */
  private static final class Parts {
    AgentConfig config;
    OperationJournal journal;
    List<Target> targets;
    ZoneCatalog catalog;
    ZoneOperationQueue queue;
    HealthMonitors health;
    Reconciler reconciler;
    Maintenance maintenance;
    ThreadPoolExecutor requests;
    AgentMetrics metrics;
    Catalogs catalogs;
  }

  /** Starts an agent; on failure everything started so far is stopped again. */
  public static Agent start(AgentConfig config, BackendRegistry registry)
      throws AgentStartException {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    OperationsConfig ops = config.operations();
    Clock clock = Clock.systemUTC();
    Parts p = new Parts();
    p.config = config;
    p.metrics = new AgentMetrics();
    try {
      prepareStateDirectory(config);
      // The journal's lock comes first: a second agent on this state_path stops here.
      p.journal =
          OperationJournal.open(
              config.journalDirectory(), ops.journalMaxSize(), ops.history(), clock);
      opened.push(p.journal);
      p.journal.observeFsync(p.metrics::fsync);
      // After the journal's lock: only the agent that holds it writes the marks.
      ReplayMarks replayMarks = ReplayMarks.open(config.statePath().resolve(REPLAY_MARKS_FILE));
      opened.push(replayMarks);
      TargetStarter.Started started = TargetStarter.start(config, registry, opened);
      p.targets = started.targets();
      TargetSelector selector =
          new TargetSelector(
              p.targets, config.acceptedKeys(), config.masters(), masterAddresses(config));
      TargetMasters masters = new TargetMasters(config, p.metrics::transfer);
      opened.push(masters);
      JournalContents replayed = p.journal.contents();
      p.catalog = new ZoneCatalog(replayed.catalog());
      p.health = new HealthMonitors(p.targets, ops.healthFailureThreshold(), clock);
      started.notStarted().forEach((target, why) -> p.health.of(target).notStarted(why));
      ServedZones served = new ServedZones(selector);
      opened.push(served);
      p.queue =
          new ZoneOperationQueue(
              new ZoneWorker(selector, masters, p.health, served),
              new QueueSettings(
                  config.operationWorkers(),
                  config.maxPendingOperations(),
                  config.notifyDelay(),
                  ops.retry(),
                  ops.history()),
              p.journal,
              p.catalog,
              clock);
      opened.push(p.queue);
      p.queue.observe(new OperationMetrics(p.metrics));
      p.queue.restore(holdIfDamaged(p.journal, replayed.operations()), replayed.lastId());
      AgentMetrics metrics = p.metrics;
      ZoneCatalog zones = p.catalog;
      ZoneOperationQueue queue = p.queue;
      p.catalogs =
          Catalogs.create(
              config,
              new CatalogFollower.Provisioner() {
                @Override
                public boolean holds(ZoneKey key) {
                  return zones.contains(key) || queue.hasCreate(key);
                }

                @Override
                public CompletableFuture<Void> create(ZoneKey key)
                    throws OperationRejectedException {
                  return queue
                      .submitAsync(OperationKind.CREATE, key, Optional.empty(), "catalog")
                      .accepted();
                }

                @Override
                public CompletableFuture<Void> delete(ZoneKey key)
                    throws OperationRejectedException {
                  return queue
                      .submitAsync(OperationKind.DELETE, key, Optional.empty(), "catalog")
                      .accepted();
                }
              },
              list ->
                  new MasterClient(
                      list,
                      config.transferSource(),
                      config.soaQueryTimeout(),
                      config.transferLimits(),
                      config.spoolDirectory(),
                      metrics::transfer),
              clock);
      opened.push(p.catalogs);
      RequestHandler handler =
          new RequestHandler(
              new TsigAuthenticator(acceptedKeys(config), config.requireTsig(), clock, replayMarks),
              config.allowNotify(),
              selector,
              p.queue,
              p.metrics,
              p.catalog,
              served,
              new NotifyRateLimiter(ops.notifyRateLimit(), ops.notifyRateBurst()),
              ops.replyTimeout(),
              p.catalogs);
      p.requests = requestExecutor(config.workers());
      opened.push(p.requests::shutdownNow);
      p.reconciler =
          new Reconciler(
              selector,
              p.catalog,
              masters,
              p.queue,
              p.health,
              served,
              ops.reconcileRate(),
              clock,
              p.metrics);
      p.reconciler.hold(p.journal.damage().isPresent());
      p.maintenance = new Maintenance(ops, p.health, p.reconciler, p.queue);
      opened.push(p.maintenance);
      Agent agent = new Agent(p, opened);
      agent.bind(handler);
      agent.admin =
          AdminServer.start(
              ops.adminSocket(),
              ops.adminSocketExplicit(),
              ops.adminListen(),
              Optional.of(config.statePath().resolve(AdminServer.TOKEN_FILE)),
              new AgentAdmin(agent));
      opened.push(agent.admin);
      agent.registerGauges();
      if (ops.metricsListen().isPresent()) {
        agent.metricsServer =
            MetricsServer.start(ops.metricsListen().get(), p.metrics, agent::notReady);
        opened.push(agent.metricsServer);
        log.info(
            "metrics and health on http://{}/metrics, /livez, /readyz",
            HostPort.format(agent.metricsServer.address()));
      }
      p.maintenance.start();
      p.catalogs.start();
      log.info(
          "dns-agent listening on {} (UDP and TCP); masters {}; allow_notify {}; {} zones, {}"
              + " operations resumed",
          agent.udp.stream().map(l -> HostPort.format(l.localAddress())).toList(),
          config.masters(),
          config.allowNotify(),
          p.catalog.size(),
          p.queue.depth());
      return agent;
    } catch (IOException e) {
      closeAll(opened);
      throw new AgentStartException("cannot start: " + e.getMessage(), e);
    } catch (AgentStartException | RuntimeException e) {
      closeAll(opened);
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
    for (InetSocketAddress address : config.listen()) {
      UdpListener u = new UdpListener(address, handler, requests, metrics);
      udp.add(u);
      opened.push(u);
      // With port 0 (tests), TCP takes the port the kernel gave UDP.
      InetSocketAddress tcpAddress =
          new InetSocketAddress(address.getAddress(), u.localAddress().getPort());
      TcpListener t =
          new TcpListener(
              tcpAddress, handler, requests, metrics, limits, config.allowNotify()::allows);
      tcp.add(t);
      opened.push(t);
    }
    udp.forEach(UdpListener::start);
    tcp.forEach(TcpListener::start);
  }

  /** The addresses of each target's masters, by target name (who may NOTIFY it). */
  private static Map<String, List<InetAddress>> masterAddresses(AgentConfig config) {
    Map<String, List<InetAddress>> byTarget = new LinkedHashMap<>();
    for (TargetConfig target : config.targets()) {
      byTarget.put(
          target.name(),
          config.mastersOf(target).stream().map(m -> m.address().getAddress()).toList());
    }
    return byTarget;
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
    return new ThreadPoolExecutor(
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
  }

  private static void prepareStateDirectory(AgentConfig config)
      throws IOException, AgentStartException {
    Optional<String> unsafe = FileModes.othersMayWrite(config.statePath());
    if (unsafe.isPresent()) {
      throw new AgentStartException("state_path " + unsafe.get(), null);
    }
    FileModes.createDirectories(config.statePath());
    FileModes.createDirectories(config.spoolDirectory());
    // Spool files of transfers that a crash interrupted are never resumed.
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(config.spoolDirectory(), "*.spool")) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Gauges read from the agent's parts when scraped. */
  private void registerGauges() {
    metrics.gauge("dns_agent_zones", "Zones the agent created and has not deleted", catalog::size);
    metrics.gauge("dns_agent_queue_depth", "Zone operations queued or running", queue::depth);
    metrics.gauge(
        "dns_agent_oldest_pending_operation_age_seconds",
        "Age of the oldest zone operation not finished; 0 when none is",
        () ->
            queue
                .oldestPending()
                .map(i -> Duration.between(i, Clock.systemUTC().instant()).toMillis() / 1000.0)
                .orElse(0.0));
    metrics.gauge(
        "dns_agent_failed_operations",
        "Failed operations kept in the history (dns-agent ops list --failed)",
        () -> (double) queue.failedCount());
    metrics.gauge(
        "dns_agent_backend_up",
        "1 when the target's backend is not FAILED (health checks and operations reach it)",
        cb ->
            health
                .views()
                .forEach(
                    t -> cb.call(t.state() == HealthState.FAILED ? 0 : 1, t.target(), t.driver())),
        "target",
        "driver");
    metrics.gauge(
        "dns_agent_backend_state",
        "1 for the health state each target's backend is in (OK, RETRY, FAILED), 0 for the others",
        cb ->
            health
                .views()
                .forEach(
                    t -> {
                      for (HealthState s : HealthState.values()) {
                        cb.call(t.state() == s ? 1 : 0, t.target(), s.name());
                      }
                    }),
        "target",
        "state");
    metrics.gauge(
        "dns_agent_journal_size_bytes",
        "Size of the operation journal file",
        () -> (double) journal.stats().sizeBytes());
    metrics.gauge(
        "dns_agent_reconcile_running",
        "1 while a reconciliation sweep runs",
        () -> reconciler.progress().isPresent() ? 1 : 0);
  }

  /** Why the agent is not ready to take requests; empty when it is ({@code /readyz}). */
  public List<String> notReady() {
    List<String> reasons = new ArrayList<>();
    if (closed || udp.isEmpty()) {
      reasons.add("not listening");
    }
    if (!journal.isHealthy()) {
      reasons.add(
          "journal not writable: " + journal.stats().lastError().orElse("its writer stopped"));
    }
    for (AgentStatus.TargetHealth t : health.views()) {
      if (t.state() == HealthState.FAILED) {
        reasons.add("backend " + t.target() + " (" + t.driver() + ") FAILED: " + t.detail());
      }
    }
    return reasons;
  }

  /** The metrics endpoint's address, if {@code metrics_listen} is set. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsServer).map(MetricsServer::address);
  }

  /**
   * With journal damage not yet acknowledged, the operations the journal left unfinished are not
   * resumed: a damaged record may have hidden their end (a CREATE that succeeded, then its zone
   * deleted), so running them could act on older state. They are held as failed, and saved so,
   * until an operator checks them and retries the ones still wanted ({@code ops retry}).
   */
  private static List<OperationView> holdIfDamaged(
      OperationJournal journal, List<OperationView> operations) {
    if (journal.damage().isEmpty()) {
      return operations;
    }
    List<OperationView> out = new ArrayList<>();
    for (OperationView v : operations) {
      if (v.state().isFinal()) {
        out.add(v);
        continue;
      }
      OperationView held =
          new OperationView(
              v.id(),
              v.kind(),
              v.key(),
              OperationState.FAILED,
              v.createdAt(),
              Clock.systemUTC().instant(),
              v.notBefore(),
              v.attempts(),
              v.requests(),
              "held: the journal was damaged; check the zone, then 'dns-agent ops retry "
                  + v.id()
                  + "' if it is still wanted");
      journal.save(held);
      log.warn("operation {} ({} {}) held: the journal was damaged", v.id(), v.kind(), v.key());
      out.add(held);
    }
    return out;
  }

  /**
   * The operator has checked the journal damage: reconciliation resumes, status stops saying so.
   */
  public void acknowledgeJournalDamage() throws IOException {
    journal.acknowledgeDamage();
    reconciler.hold(false);
  }

  /** Addresses the UDP listeners are bound to (ports resolved when configured as 0). */
  public List<InetSocketAddress> udpAddresses() {
    return udp.stream().map(UdpListener::localAddress).toList();
  }

  public List<InetSocketAddress> tcpAddresses() {
    return tcp.stream().map(TcpListener::localAddress).toList();
  }

  /** The admin endpoint's unix socket, if bound. */
  public Optional<Path> adminSocket() {
    return admin.socketPath();
  }

  /** The admin TCP endpoint's token file, if the TCP endpoint is bound. */
  public Optional<Path> adminTokenFile() {
    return admin.tokenFile();
  }

  /** The admin endpoint's loopback TCP address, if bound. */
  public Optional<InetSocketAddress> adminAddress() {
    return admin.tcpAddress();
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

  /** The zones this agent created and has not deleted. */
  public ZoneCatalog catalog() {
    return catalog;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** The catalog zones this agent follows. */
  public Catalogs catalogs() {
    return catalogs;
  }

  /** Starts a reconciliation sweep now, unless one is running. */
  public void reconcileNow() {
    maintenance.reconcileNow();
  }

  public AgentStatus status() {
    return new AgentStatus(
        health.views(),
        catalog.size(),
        queue.depth(),
        queue.oldestPending().map(i -> Duration.between(i, Clock.systemUTC().instant())),
        queue.failedCount(),
        reconciler.report(),
        journal.stats(),
        reconciler.progress(),
        metrics.snapshot());
  }

  @Override
  public void close() {
    closed = true;
    closeAll(opened);
    log.info("dns-agent stopped");
  }

  /** Closes in the reverse order of opening: listeners first, the journal last. */
  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      AutoCloseable c = opened.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping {}: {}", c, e.toString());
      }
    }
  }
}
