// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Polls a pool's nameservers for a zone's SOA, each query signed with that nameserver's key, until
 * enough of them meet the {@link Expectation} or the rounds run out; then judges the last round as
 * Designate's {@code ZonePoller} does: too many nameservers without the zone is {@link
 * PoolStatus#NO_ZONE} (except after DELETE), too few meeting the expectation is {@link
 * PoolStatus#NAMESERVERS_BEHIND}. Thread-safe; the queries run on the caller's executor.
 */
public final class NameserverPoller {
  private static final Logger log = LoggerFactory.getLogger(NameserverPoller.class);

  private final List<Pool.Nameserver> nameservers;
  private final List<Optional<PoolTsigKey>> keys = new ArrayList<>();
  private final PoolOptions options;
  private final SoaProbe probe;

  /**
   * @throws IllegalArgumentException if a nameserver names a key the keyring lacks
   */
  public NameserverPoller(
      List<Pool.Nameserver> nameservers, PoolKeyring keyring, PoolOptions options) {
    this.nameservers = List.copyOf(nameservers);
    this.options = requireNonNull(options, "options is null");
    for (Pool.Nameserver ns : this.nameservers) {
      keys.add(keyring.resolve(ns.tsigKeyId(), "nameserver " + ns));
    }
    this.probe = new SoaProbe(options.poll().timeout(), options.tcp());
  }

  /**
   * Polls after the policy's initial delay.
   *
   * @param executor runs the queries of one round concurrently
   */
  public PollResult poll(Name zone, Expectation expected, ExecutorService executor)
      throws InterruptedException {
    long start = System.nanoTime();
    PollPolicy policy = options.poll();
    Thread.sleep(policy.delay().toMillis());
    List<NameserverResult> last = List.of();
    int round = 0;
    while (round < policy.maxRounds()) {
      round++;
      last = pollOnce(zone, expected, executor);
      long met = last.stream().filter(NameserverResult::met).count();
      if (options.meetsThreshold((int) met, last.size())) {
        break;
      }
      log.debug(
          "{}: {} of {} nameservers at {} (round {})",
          zone,
          met,
          last.size(),
          expected.describe(),
          round);
      if (round < policy.maxRounds()) {
        Thread.sleep(policy.retryInterval().toMillis());
      }
    }
    return new PollResult(
        expected,
        round,
        java.time.Duration.ofNanos(System.nanoTime() - start),
        last,
        judge(last, expected));
  }

  private PoolStatus judge(List<NameserverResult> results, Expectation expected) {
    int total = results.size();
    int noZone =
        (int) results.stream().filter(r -> r.state() == NameserverResult.State.NO_ZONE).count();
    int met = (int) results.stream().filter(NameserverResult::met).count();
    if (!expected.absent() && !options.meetsThreshold(total - noZone, total)) {
      return PoolStatus.NO_ZONE;
    }
    return options.meetsThreshold(met, total) ? PoolStatus.SUCCESS : PoolStatus.NAMESERVERS_BEHIND;
  }

  private List<NameserverResult> pollOnce(Name zone, Expectation expected, ExecutorService executor)
      throws InterruptedException {
    List<Future<NameserverResult>> futures = new ArrayList<>();
    for (int i = 0; i < nameservers.size(); i++) {
      Pool.Nameserver ns = nameservers.get(i);
      Optional<PoolTsigKey> key = keys.get(i);
      futures.add(executor.submit(() -> probe(ns, key, zone, expected)));
    }
    List<NameserverResult> results = new ArrayList<>();
    for (Future<NameserverResult> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("SOA poll failed unexpectedly", e.getCause());
      }
    }
    return results;
  }

  private NameserverResult probe(
      Pool.Nameserver ns, Optional<PoolTsigKey> key, Name zone, Expectation expected) {
    Optional<String> keyName = key.map(PoolTsigKey::name);
    try {
      SoaProbe.Answer answer = probe.query(ns.host(), ns.port(), zone, key);
      NameserverResult.State state =
          answer.serial().isPresent()
              ? NameserverResult.State.SERVES
              : NameserverResult.State.NO_ZONE;
      return new NameserverResult(
          ns, keyName, state, answer.serial(), expected.isMetBy(answer.serial()), answer.detail());
    } catch (IOException e) {
      String detail =
          e instanceof java.net.PortUnreachableException
              ? "port unreachable (nothing listening)"
              : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new NameserverResult(
          ns, keyName, NameserverResult.State.NO_ANSWER, OptionalLong.empty(), false, detail);
    }
  }
}
