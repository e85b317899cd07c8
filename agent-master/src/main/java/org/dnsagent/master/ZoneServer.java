// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.AddressAcl;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * The serving half of a DNS primary, as a library: zones held in memory with their recent
 * differences (for IXFR), answered over UDP and TCP (SOA and other lookups, AXFR, IXFR; RFC 5936,
 * RFC 1995) to the clients an allow list admits (REFUSED otherwise), with optional TSIG, and a
 * NOTIFY (RFC 1996, retransmitted until answered) to the secondaries each time a zone's serial
 * increases. Where the zones come from is the caller's business: {@link LocalMaster} loads them
 * from a directory of zone files, the msdns backend's relay from what the agent transferred.
 *
 * <pre>{@code
 * try (ZoneServer server = new ZoneServer(ZoneServer.Options.builder(listen)
 *     .allow(AddressAcl.parse(List.of("192.0.2.53"))).notifyTarget(msdns).build())) {
 *   server.start();
 *   server.publish(zone, soa, records, file);   // served, NOTIFY sent
 * }
 * }</pre>
 *
 * <p>Thread-safe; calls for one zone must not be concurrent. {@link #close()} stops every thread it
 * started and frees the port.
 */
public final class ZoneServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneServer.class);
  private static final int BIND_ATTEMPTS = 20;
  private static final int TCP_BACKLOG = 1024;

  /** What {@link #publish} did with a zone version. */
  public enum Published {
    /** The zone was not served before: served now, NOTIFY sent. */
    NEW,
    /** The serial increased: the new version is served (IXFR from the old one), NOTIFY sent. */
    UPDATED,
    /** Same SOA and records: nothing changed, nothing sent. */
    UNCHANGED,
    /**
     * The content changed but the serial did not increase: served, without history or NOTIFY
     * (secondaries will not take it).
     */
    SERIAL_NOT_INCREASED
  }

  /**
   * How the server runs.
   *
   * @param listenAddress UDP and TCP address; port 0 picks a free port
   * @param allowed clients answered; empty answers everyone (a local master on a laptop)
   * @param notifyTargets secondaries sent a NOTIFY for every new serial, from the listen address
   * @param tsigKeys keys accepted on queries, by key name
   * @param requireTsig refuse unsigned SOA, AXFR and IXFR queries
   * @param notifyKey key that signs outgoing NOTIFYs, if any
   * @param notifyRetryInterval wait before the first NOTIFY retransmission; doubles each time
   * @param notifyRetries retransmissions after the first NOTIFY
   * @param maxTcpConnections TCP connections served at once
   * @param tcpIdleTimeout a TCP connection without progress for this long is closed
   * @param maxDiffsPerZone how many serial-to-serial differences each zone keeps for IXFR
   * @param threadPrefix names the server's threads
   */
  public record Options(
      InetSocketAddress listenAddress,
      Optional<AddressAcl> allowed,
      List<InetSocketAddress> notifyTargets,
      Map<Name, TsigKeySpec> tsigKeys,
      boolean requireTsig,
      Optional<TsigKeySpec> notifyKey,
      Duration notifyRetryInterval,
      int notifyRetries,
      int maxTcpConnections,
      Duration tcpIdleTimeout,
      int maxDiffsPerZone,
      String threadPrefix) {
    public Options {
      requireNonNull(listenAddress, "listenAddress is null");
      requireNonNull(allowed, "allowed is null");
      notifyTargets = List.copyOf(notifyTargets);
      tsigKeys = Map.copyOf(tsigKeys);
      requireNonNull(notifyKey, "notifyKey is null");
      requireNonNull(notifyRetryInterval, "notifyRetryInterval is null");
      requireNonNull(tcpIdleTimeout, "tcpIdleTimeout is null");
      requireNonNull(threadPrefix, "threadPrefix is null");
      if (listenAddress.isUnresolved()) {
        throw new IllegalArgumentException("listen address " + listenAddress + " is unresolved");
      }
      for (InetSocketAddress target : notifyTargets) {
        if (target.isUnresolved() || target.getPort() == 0) {
          throw new IllegalArgumentException("bad NOTIFY target " + target);
        }
      }
      if (requireTsig && tsigKeys.isEmpty()) {
        throw new IllegalArgumentException("requireTsig needs at least one TSIG key");
      }
      if (notifyRetries < 0 || notifyRetries > 10) {
        throw new IllegalArgumentException("notifyRetries must be 0-10");
      }
      if (maxTcpConnections < 1) {
        throw new IllegalArgumentException("maxTcpConnections must be at least 1");
      }
      if (maxDiffsPerZone < 0) {
        throw new IllegalArgumentException("maxDiffsPerZone must not be negative");
      }
    }

    public static Builder builder(InetSocketAddress listenAddress) {
      return new Builder(listenAddress);
    }

    /** Builds {@link Options}; every setting but the listen address has a default. */
    public static final class Builder {
      private final InetSocketAddress listenAddress;
      private AddressAcl allowed;
      private final List<InetSocketAddress> notifyTargets = new ArrayList<>();
      private final Map<Name, TsigKeySpec> tsigKeys = new LinkedHashMap<>();
      private boolean requireTsig;
      private TsigKeySpec notifyKey;
      private Duration notifyRetryInterval = Duration.ofSeconds(2);
      private int notifyRetries = 5;
      private int maxTcpConnections = 64;
      private Duration tcpIdleTimeout = Duration.ofSeconds(30);
      private int maxDiffsPerZone = 10;
      private String threadPrefix = "dns-server";

      private Builder(InetSocketAddress listenAddress) {
        this.listenAddress = requireNonNull(listenAddress, "listenAddress is null");
      }

      /** Only these clients are answered; the others get REFUSED. */
      public Builder allow(AddressAcl clients) {
        this.allowed = requireNonNull(clients, "clients is null");
        return this;
      }

      public Builder notifyTarget(InetSocketAddress target) {
        notifyTargets.add(requireNonNull(target, "target is null"));
        return this;
      }

      public Builder notifyTargets(List<InetSocketAddress> targets) {
        notifyTargets.addAll(targets);
        return this;
      }

      public Builder tsigKey(TsigKeySpec key) {
        tsigKeys.put(key.keyName(), key);
        return this;
      }

      public Builder tsigKeys(Map<Name, TsigKeySpec> keys) {
        tsigKeys.putAll(keys);
        return this;
      }

      public Builder requireTsig(boolean require) {
        this.requireTsig = require;
        return this;
      }

      public Builder notifyKey(TsigKeySpec key) {
        this.notifyKey = key;
        return this;
      }

      public Builder notifyRetryInterval(Duration interval) {
        this.notifyRetryInterval = interval;
        return this;
      }

      public Builder notifyRetries(int retries) {
        this.notifyRetries = retries;
        return this;
      }

      public Builder maxTcpConnections(int max) {
        this.maxTcpConnections = max;
        return this;
      }

      public Builder tcpIdleTimeout(Duration timeout) {
        this.tcpIdleTimeout = timeout;
        return this;
      }

      public Builder maxDiffsPerZone(int max) {
        this.maxDiffsPerZone = max;
        return this;
      }

      public Builder threadPrefix(String prefix) {
        this.threadPrefix = prefix;
        return this;
      }

      public Options build() {
        return new Options(
            listenAddress,
            Optional.ofNullable(allowed),
            notifyTargets,
            tsigKeys,
            requireTsig,
            Optional.ofNullable(notifyKey),
            notifyRetryInterval,
            notifyRetries,
            maxTcpConnections,
            tcpIdleTimeout,
            maxDiffsPerZone,
            threadPrefix);
      }
    }
  }

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final Options options;
  private final MasterEvents events;
  private final ZoneStore store = new ZoneStore();
  private State state = State.NEW; // guarded by this
  private InetSocketAddress boundAddress;
  private ScheduledExecutorService timer;
  private volatile UdpServer udp;
  private TcpServer tcp;
  private volatile NotifySender notifier;

  public ZoneServer(Options options) {
    this(options, MasterEvents.NONE);
  }

  public ZoneServer(Options options, MasterEvents events) {
    this.options = requireNonNull(options, "options is null");
    this.events = requireNonNull(events, "events is null");
  }

  /**
   * Binds the listen address (TCP, then UDP on the same port) and starts serving the zones
   * published so far; zones may be published before and after.
   *
   * @throws BindException naming the address and the protocol (TCP or UDP) that could not be bound
   * @throws IOException if the sockets cannot be opened
   */
  public synchronized void start() throws IOException {
    start(() -> {});
  }

  /** Something to do once the sockets are bound, before requests are served. */
  @FunctionalInterface
  interface BeforeServing {
    void run() throws IOException;
  }

  /**
   * {@link #start()}, running {@code beforeServing} once the sockets are bound (NOTIFYs can leave)
   * and before requests are read: {@link LocalMaster} loads its zones there, so that requests
   * meanwhile wait in the socket buffers instead of being REFUSED for zones about to appear.
   */
  synchronized void start(BeforeServing beforeServing) throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("start() may be called once; server is " + state);
    }
    state = State.RUNNING;
    try {
      QueryHandler handler =
          new QueryHandler(
              store,
              new TsigKeyRing(options.tsigKeys()),
              options.requireTsig(),
              events,
              options.allowed().orElse(null));
      TSIG notifyKey = options.notifyKey().map(TsigKeySpec::toTsig).orElse(null);
      String prefix = options.threadPrefix();
      timer = Executors.newSingleThreadScheduledExecutor(new DaemonThreads(prefix + "-timer"));
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
      udp = new UdpServer(sockets.udp(), handler, notifier::onResponse, prefix);
      tcp =
          new TcpServer(
              sockets.tcp(),
              handler,
              options.maxTcpConnections(),
              options.tcpIdleTimeout(),
              timer,
              prefix);
      boundAddress =
          new InetSocketAddress(sockets.udp().getLocalAddress(), sockets.udp().getLocalPort());
      beforeServing.run();
      udp.start();
      tcp.start();
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
      String protocol = "TCP";
      try {
        tcpSocket.setReuseAddress(true);
        tcpSocket.bind(requested, TCP_BACKLOG);
        protocol = "UDP";
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
          if (e instanceof BindException) {
            BindException named =
                new BindException(
                    "cannot listen on "
                        + protocol
                        + " "
                        + HostPort.format(
                            new InetSocketAddress(
                                requested.getAddress(),
                                protocol.equals("UDP")
                                    ? tcpSocket.getLocalPort()
                                    : requested.getPort()))
                        + ": "
                        + e.getMessage());
            named.initCause(e);
            throw named;
          }
          throw e;
        }
      }
    }
  }

  /** The bound address (with the port the kernel picked when the options asked for port 0). */
  public synchronized InetSocketAddress address() {
    if (boundAddress == null) {
      throw new IllegalStateException("server not started");
    }
    return boundAddress;
  }

  /**
   * Serves {@code soa} plus {@code records} as zone {@code origin}: the first version, or a new one
   * whose difference from the previous one is kept for IXFR (up to {@code maxDiffsPerZone}). A new
   * zone or a new serial is NOTIFYed to the targets.
   *
   * @param records every record of the zone but the SOA, without duplicates
   * @param source where the zone is kept (shown in {@link ZoneInfo})
   */
  public Published publish(Name origin, SOARecord soa, List<Record> records, Path source) {
    ParsedZone parsed = new ParsedZone(source, origin, soa, records);
    LoadedZone old = store.get(origin);
    Published result;
    LoadedZone now;
    if (old == null) {
      now = LoadedZone.initial(parsed);
      result = Published.NEW;
    } else {
      LoadedZone.Update update = old.update(parsed, options.maxDiffsPerZone());
      now = update.zone();
      result =
          switch (update.change()) {
            case UNCHANGED -> Published.UNCHANGED;
            case SERIAL_INCREASED -> Published.UPDATED;
            case SERIAL_NOT_INCREASED -> Published.SERIAL_NOT_INCREASED;
          };
    }
    if (result != Published.UNCHANGED) {
      store.put(now);
      events.zoneLoaded(now.info());
    }
    if (result == Published.NEW || result == Published.UPDATED) {
      notifyAll(now);
    }
    return result;
  }

  /** Stops serving {@code origin}; returns false if it was not served. */
  public boolean withdraw(Name origin) {
    boolean served = store.get(origin) != null;
    store.remove(origin);
    if (served) {
      events.zoneRemoved(origin);
    }
    return served;
  }

  /** The SOA served for zone {@code origin}, if served. */
  public Optional<SOARecord> soa(Name origin) {
    return Optional.ofNullable(store.get(origin)).map(LoadedZone::soa);
  }

  /** Every record of zone {@code origin} but the SOA, if served. */
  public Optional<List<Record>> records(Name origin) {
    return Optional.ofNullable(store.get(origin)).map(LoadedZone::records);
  }

  /**
   * The differences held for IXFR of zone {@code origin}, oldest first; each ends at the serial
   * where the next begins, the last at the served serial. Empty if none or not served.
   */
  public List<ZoneDiff> history(Name origin) {
    LoadedZone zone = store.get(origin);
    return zone == null ? List.of() : zone.history();
  }

  /**
   * Gives a served zone the differences it had before a restart, so that an IXFR from one of their
   * serials is answered incrementally. Only the last {@code maxDiffsPerZone} are kept.
   *
   * @param diffs oldest first, as {@link #history} returned them
   * @return false (nothing changed) if the zone is not served or the differences do not form a
   *     chain ending at the served SOA
   */
  public boolean seedHistory(Name origin, List<ZoneDiff> diffs) {
    LoadedZone zone = store.get(origin);
    if (zone == null || diffs.isEmpty()) {
      return false;
    }
    for (int i = 1; i < diffs.size(); i++) {
      if (!diffs.get(i - 1).toSoa().equals(diffs.get(i).fromSoa())) {
        return false;
      }
    }
    ZoneDiff last = diffs.get(diffs.size() - 1);
    if (!last.toSoa().equals(zone.soa()) || last.toSoa().getTTL() != zone.soa().getTTL()) {
      return false;
    }
    int max = options.maxDiffsPerZone();
    List<ZoneDiff> kept = diffs.subList(Math.max(0, diffs.size() - max), diffs.size());
    store.put(zone.withHistory(kept));
    return true;
  }

  /** The zones being served, sorted by name. */
  public List<ZoneInfo> zones() {
    return store.infos();
  }

  /**
   * Sends a NOTIFY for {@code zone}'s current version to every target, with retries.
   *
   * @return false if the zone is not served or the server is not running
   */
  public boolean notifyTargets(Name zone) {
    LoadedZone loaded = store.get(zone);
    if (loaded == null || notifier == null) {
      return false;
    }
    notifier.notifyAll(loaded);
    return true;
  }

  /** Whether NOTIFYs still wait for an answer; for tests. */
  public boolean hasPendingNotifies() {
    NotifySender n = notifier;
    return n != null && n.hasPending();
  }

  // ------------------------------------------------- for LocalMaster, which loads zones itself

  ZoneStore store() {
    return store;
  }

  /** NOTIFYs the targets of a zone version; nothing before {@link #start()}. */
  void notifyAll(LoadedZone zone) {
    NotifySender n = notifier;
    if (n != null) {
      n.notifyAll(zone);
    }
  }

  /** Stops all threads and closes the sockets. Idempotent. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
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
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.debug("DNS server on {} stopped", boundAddress);
  }
}
