// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.client.AgentTargetClient;
import org.dnsagent.client.AttemptListener;
import org.dnsagent.client.TargetOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Drives a whole pool the way Designate's worker does ({@code ZoneActor} then {@code ZonePoller}):
 * sends the command to every target at once, each signed with that target's key and retried with
 * {@link org.dnsagent.client.RetryPolicy}; succeeds on the targets when at least the threshold
 * percentage of them succeeded; then polls the nameservers until they serve the change.
 *
 * <pre>{@code
 * Pool pool = PoolFiles.readPool(Path.of("/etc/designate/pools.yaml"), "default");
 * PoolKeyring keys = PoolFiles.readKeys(Path.of("/etc/designate/tsigkeys.yaml"));
 * PoolResult r = new PoolClient(pool, keys, PoolOptions.designateDefaults())
 *     .apply(PoolAction.CREATE, Name.fromString("example.org."));
 * if (!r.succeeded()) { ... r.failedTargets() ... r.poll() ... }
 * }</pre>
 *
 * <p>Thread-safe: each call uses its own short-lived threads, at most {@link
 * PoolOptions#parallelism()} of them (none for a pool of one target and no nameservers to poll).
 */
public final class PoolClient {
  private static final Logger log = LoggerFactory.getLogger(PoolClient.class);

  private final Pool pool;
  private final PoolOptions options;
  private final List<Optional<PoolTsigKey>> targetKeys = new ArrayList<>();
  private final NameserverPoller poller;
  private volatile AttemptListener listener = AttemptListener.NONE;

  /**
   * @throws IllegalArgumentException if a target or nameserver names a key {@code keys} lacks
   */
  public PoolClient(Pool pool, PoolKeyring keys, PoolOptions options) {
    this.pool = requireNonNull(pool, "pool is null");
    requireNonNull(keys, "keys is null");
    this.options = requireNonNull(options, "options is null");
    for (Pool.Target t : pool.targets()) {
      targetKeys.add(keys.resolve(t.tsigKeyId(), "target " + t.label()));
    }
    this.poller = new NameserverPoller(pool.nameservers(), keys, options);
  }

  /** Tells {@code listener} of every failed attempt on a target as it happens; returns this. */
  public PoolClient onFailedAttempt(AttemptListener listener) {
    this.listener = requireNonNull(listener, "listener is null");
    return this;
  }

  /**
   * Applies {@code action} to {@code zone}. For CREATE and UPDATE the serial the nameservers must
   * reach is asked from the targets' masters first; if none answers, any serial will do.
   */
  public PoolResult apply(PoolAction action, Name zone) throws InterruptedException {
    if (action == PoolAction.DELETE || !polls()) {
      return apply(action, zone, OptionalLong.empty());
    }
    return apply(action, zone, masterSerial(zone));
  }

  /**
   * Applies {@code action} to {@code zone}; after CREATE or UPDATE the nameservers must serve at
   * least {@code serial} (any serial if empty); after DELETE, no longer serve the zone.
   */
  public PoolResult apply(PoolAction action, Name zone, OptionalLong serial)
      throws InterruptedException {
    requireNonNull(action, "action is null");
    requireNonNull(zone, "zone is null");
    long start = System.nanoTime();
    // One target and nothing to poll: the calling thread does it all, no thread to start.
    ExecutorService executor = pool.targets().size() == 1 && !polls() ? null : executor();
    try {
      List<TargetResult> targets = sendToTargets(action, zone, executor);
      long ok = targets.stream().filter(TargetResult::succeeded).count();
      if (!options.meetsThreshold((int) ok, targets.size())) {
        log.info(
            "{} {} on pool {}: {} of {} targets succeeded, below {}%",
            action, zone, pool.name(), ok, targets.size(), options.thresholdPercentage());
        return result(action, zone, targets, Optional.empty(), PoolStatus.TARGETS_FAILED, start);
      }
      if (!polls()) {
        return result(action, zone, targets, Optional.empty(), PoolStatus.SUCCESS, start);
      }
      Expectation expected =
          action == PoolAction.DELETE
              ? Expectation.zoneAbsent()
              : serial.isPresent()
                  ? Expectation.serialAtLeast(serial.getAsLong())
                  : Expectation.anySerial();
      PollResult poll = poller.poll(zone, expected, executor);
      return result(action, zone, targets, Optional.of(poll), poll.status(), start);
    } finally {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  private boolean polls() {
    return options.poll().enabled() && !pool.nameservers().isEmpty();
  }

  private List<TargetResult> sendToTargets(PoolAction action, Name zone, ExecutorService executor)
      throws InterruptedException {
    if (executor == null) {
      return List.of(sendToTarget(pool.targets().get(0), targetKeys.get(0), action, zone));
    }
    List<Future<TargetResult>> futures = new ArrayList<>();
    for (int i = 0; i < pool.targets().size(); i++) {
      Pool.Target target = pool.targets().get(i);
      Optional<PoolTsigKey> key = targetKeys.get(i);
      futures.add(executor.submit(() -> sendToTarget(target, key, action, zone)));
    }
    List<TargetResult> results = new ArrayList<>();
    for (Future<TargetResult> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("target step failed unexpectedly", e.getCause());
      }
    }
    return results;
  }

  private TargetResult sendToTarget(
      Pool.Target target, Optional<PoolTsigKey> key, PoolAction action, Name zone)
      throws InterruptedException {
    Optional<String> keyName = key.map(PoolTsigKey::name);
    InetSocketAddress address;
    try {
      address = Endpoints.resolve(target.host(), target.port());
    } catch (UnknownHostException e) {
      TargetOutcome failed =
          new TargetOutcome(
              InetSocketAddress.createUnresolved(target.host(), target.port()),
              action.command(),
              false,
              0,
              Duration.ZERO,
              Optional.empty(),
              List.of(e.getMessage()));
      return new TargetResult(target, keyName, failed);
    }
    AgentTargetClient client =
        new AgentTargetClient(
            address, key.map(PoolTsigKey::toTsig), options.retry(), options.tcp(), listener);
    return new TargetResult(target, keyName, client.run(action.command(), zone));
  }

  /** The serial the first answering master serves, as Designate knows it from its database. */
  private OptionalLong masterSerial(Name zone) {
    Set<Pool.Master> masters = new LinkedHashSet<>();
    pool.targets().forEach(t -> masters.addAll(t.masters()));
    SoaProbe probe = new SoaProbe(options.poll().timeout(), options.tcp());
    for (Pool.Master m : masters) {
      try {
        SoaProbe.Answer answer = probe.query(m.host(), m.port(), zone, Optional.empty());
        if (answer.serial().isPresent()) {
          return answer.serial();
        }
      } catch (IOException e) {
        log.info("master {} gave no serial for {}: {}", m, zone, e.getMessage());
      }
    }
    return OptionalLong.empty();
  }

  private ExecutorService executor() {
    int size = Math.max(pool.targets().size(), pool.nameservers().size());
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(1, Math.min(options.parallelism(), size)),
        r -> {
          Thread t = new Thread(r, "pool-" + pool.name() + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private PoolResult result(
      PoolAction action,
      Name zone,
      List<TargetResult> targets,
      Optional<PollResult> poll,
      PoolStatus status,
      long start) {
    return new PoolResult(
        action,
        zone,
        pool.name(),
        options.thresholdPercentage(),
        targets,
        poll,
        status,
        Duration.ofNanos(System.nanoTime() - start));
  }
}
