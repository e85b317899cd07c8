// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

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
  private static final int BIND_ATTEMPTS = 20;
  private static final int TCP_BACKLOG = 1024;

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final LocalMasterOptions options;
  private final MasterEvents events;
  private final ZoneStore store = new ZoneStore();
  private State state = State.NEW; // guarded by this
  private InetSocketAddress boundAddress;
  private ScheduledExecutorService timer;
  private ScheduledExecutorService poller;
  private volatile UdpServer udp;
  private TcpServer tcp;
  private volatile NotifySender notifier;
  private volatile ZoneDirectoryWatcher watcher;

  public LocalMaster(LocalMasterOptions options) {
    this(options, MasterEvents.NONE);
  }

  public LocalMaster(LocalMasterOptions options, MasterEvents events) {
    this.options = requireNonNull(options, "options is null");
    this.events = requireNonNull(events, "events is null");
  }

  /**
   * Binds the listen address, loads every zone, sends the initial NOTIFYs and starts serving and
   * watching the directory. Files that fail to load are reported, not thrown.
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
      // Everything that can reject the configuration comes before the sockets are bound.
      QueryHandler handler =
          new QueryHandler(
              store, new TsigKeyRing(options.tsigKeys()), options.requireTsig(), events);
      TSIG notifyKey = options.notifyKey().map(TsigKeySpec::toTsig).orElse(null);
      timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("dns-master-timer"));
      notifier =
          new NotifySender(
              options.notifyTargets(),
              notifyKey,
              options.notifyRetryInterval(),
              options.notifyRetries(),
              timer,
              (message, target) -> udp.send(message, target),
              events);
      Sockets sockets = bind();
      udp = new UdpServer(sockets.udp(), handler, notifier::onResponse);
      tcp =
          new TcpServer(
              sockets.tcp(), handler, options.maxTcpConnections(), options.tcpIdleTimeout(), timer);
      boundAddress =
          new InetSocketAddress(sockets.udp().getLocalAddress(), sockets.udp().getLocalPort());
      watcher =
          new ZoneDirectoryWatcher(
              options.zonesDirectory(),
              new ZoneFileLoader(),
              store,
              options.maxDiffsPerZone(),
              events,
              notifier::notifyAll);
      // Load before serving: requests meanwhile wait in the socket buffers instead of being
      // REFUSED for zones that are about to appear.
      watcher.scan();
      udp.start();
      tcp.start();
      poller = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("dns-master-watcher"));
      long poll = options.pollInterval().toNanos();
      poller.scheduleWithFixedDelay(watcher::scanSafely, poll, poll, TimeUnit.NANOSECONDS);
      EventLog.info(
          log,
          events,
          "serving {} zones from {} on {}",
          store.infos().size(),
          options.zonesDirectory(),
          HostPort.format(boundAddress));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private record Sockets(ServerSocket tcp, DatagramSocket udp) {}

  /**
   * Binds TCP, then UDP on the same port. With port 0 the kernel picks the TCP port, which may be
   * taken for UDP: then both are released and another pair is tried.
   */
  private Sockets bind() throws IOException {
    InetSocketAddress requested = options.listenAddress();
    for (int attempt = 1; ; attempt++) {
      ServerSocket tcpSocket = new ServerSocket();
      DatagramSocket udpSocket = null;
      try {
        tcpSocket.setReuseAddress(true);
        tcpSocket.bind(requested, TCP_BACKLOG);
        udpSocket = new DatagramSocket(null);
        udpSocket.setReceiveBufferSize(1 << 20);
        udpSocket.bind(new InetSocketAddress(requested.getAddress(), tcpSocket.getLocalPort()));
        return new Sockets(tcpSocket, udpSocket);
      } catch (IOException e) {
        tcpSocket.close();
        if (udpSocket != null) {
          udpSocket.close();
        }
        boolean retry = e instanceof BindException && requested.getPort() == 0;
        if (!retry || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The bound port (useful when the options asked for port 0). */
  public int port() {
    return address().getPort();
  }

  /** The bound address. */
  public synchronized InetSocketAddress address() {
    if (boundAddress == null) {
      throw new IllegalStateException("master not started");
    }
    return boundAddress;
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
    LoadedZone loaded = store.get(zone);
    if (loaded == null || notifier == null) {
      return false;
    }
    notifier.notifyAll(loaded);
    return true;
  }

  /** The zones being served, sorted by name. */
  public List<ZoneInfo> zones() {
    return store.infos();
  }

  /** The zone with apex {@code name}, if served. */
  public Optional<ZoneInfo> zone(Name name) {
    return Optional.ofNullable(store.get(name)).map(LoadedZone::info);
  }

  /** Files that currently fail to load, sorted by file. */
  public List<LoadError> loadErrors() {
    return store.errors();
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
    if (notifier != null) {
      notifier.close();
    }
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      tcp.close();
    }
    if (timer != null) {
      timer.shutdownNow();
      awaitQuietly(timer);
    }
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
