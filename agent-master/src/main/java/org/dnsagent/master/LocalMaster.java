// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * A local DNS primary: serves every zone file of a directory over UDP and TCP (SOA and other
 * lookups, AXFR, IXFR), reloads files when they change, and sends NOTIFY to its secondaries when a
 * serial increases. Optional TSIG on queries and NOTIFYs.
 *
 * <pre>{@code
 * try (LocalMaster master = new LocalMaster(LocalMasterOptions.builder(dir)
 *     .listenAddress(new InetSocketAddress("127.0.0.1", 0)).build())) {
 *   master.start();
 *   int port = master.port();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every thread it started and frees the port.
 */
public final class LocalMaster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalMaster.class);

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final LocalMasterOptions options;
  private final MasterEvents events;
  private final ZoneServer server;
  private State state = State.NEW; // guarded by this
  private ScheduledExecutorService poller;
  private volatile ZoneDirectoryWatcher watcher;

  public LocalMaster(LocalMasterOptions options) {
    this(options, MasterEvents.NONE);
  }

  public LocalMaster(LocalMasterOptions options, MasterEvents events) {
    this.options = requireNonNull(options, "options is null");
    this.events = requireNonNull(events, "events is null");
    this.server =
        new ZoneServer(
            ZoneServer.Options.builder(options.listenAddress())
                .notifyTargets(options.notifyTargets())
                .tsigKeys(options.tsigKeys())
                .requireTsig(options.requireTsig())
                .notifyKey(options.notifyKey().orElse(null))
                .notifyRetryInterval(options.notifyRetryInterval())
                .notifyRetries(options.notifyRetries())
                .maxTcpConnections(options.maxTcpConnections())
                .tcpIdleTimeout(options.tcpIdleTimeout())
                .maxDiffsPerZone(options.maxDiffsPerZone())
                .threadPrefix("dns-master")
                .build(),
            events);
  }

  /**
   * Binds the listen address, loads every zone, sends the initial NOTIFYs and starts serving and
   * watching the directory. Files that fail to load are reported, not thrown. The serving is a
   * {@link ZoneServer}; this class adds the directory of zone files.
   *
   * @throws IOException if the address cannot be bound or the directory cannot be read
   */
  public synchronized void start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("start() may be called once; master is " + state);
    }
    state = State.RUNNING;
    if (!Files.isDirectory(options.zonesDirectory())) {
      close();
      throw new NotDirectoryException(options.zonesDirectory().toString());
    }
    try {
      watcher =
          new ZoneDirectoryWatcher(
              options.zonesDirectory(),
              new ZoneFileLoader(),
              server.store(),
              options.maxDiffsPerZone(),
              events,
              server::notifyAll);
      // Load before serving: requests meanwhile wait in the socket buffers instead of being
      // REFUSED for zones that are about to appear; the initial NOTIFYs leave from the socket.
      server.start(watcher::scan);
      poller = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("dns-master-watcher"));
      long poll = options.pollInterval().toNanos();
      poller.scheduleWithFixedDelay(watcher::scanSafely, poll, poll, TimeUnit.NANOSECONDS);
      EventLog.info(
          log,
          events,
          "serving {} zones from {} on {}",
          server.zones().size(),
          options.zonesDirectory(),
          HostPort.format(server.address()));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The bound port (useful when the options asked for port 0). */
  public int port() {
    return address().getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    try {
      return server.address();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("master not started", e);
    }
  }

  /** Scans the directory now, on the calling thread, and applies any changes (and NOTIFYs). */
  public void reloadNow() throws IOException {
    ZoneDirectoryWatcher w = watcher;
    if (w == null) {
      throw new IllegalStateException("master not started");
    }
    w.scan();
  }

  /**
   * Sends a NOTIFY for {@code zone}'s current version to every target, with retries.
   *
   * @return false if the zone is not served
   */
  public boolean notifyTargets(Name zone) {
    return server.notifyTargets(zone);
  }

  /** The zones being served, sorted by name. */
  public List<ZoneInfo> zones() {
    return server.zones();
  }

  /** The zone with apex {@code name}, if served. */
  public Optional<ZoneInfo> zone(Name name) {
    return Optional.ofNullable(server.store().get(name)).map(LoadedZone::info);
  }

  /** Files that currently fail to load, sorted by file. */
  public List<LoadError> loadErrors() {
    return server.store().errors();
  }

  /** Stops all threads and closes the sockets. Idempotent. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (poller != null) {
      poller.shutdownNow();
      awaitQuietly(poller);
    }
    server.close();
    log.info("local master stopped");
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
