// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.CatalogConfig;
import org.dnsagent.core.xfr.MasterClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The catalogs the agent follows ({@code [catalog:NAME]} sections): one {@link CatalogFollower}
 * each, driven by one timer thread (so catalogs never run concurrently, and a hand-over between two
 * of them needs no lock ordering), woken early by a NOTIFY for a catalog zone.
 */
public final class Catalogs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Catalogs.class);
  private static final Duration TICK = Duration.ofMillis(250);

  private final Map<String, CatalogFollower> byName = new LinkedHashMap<>();
  private final Map<Name, CatalogFollower> byZone = new LinkedHashMap<>();
  private final ScheduledExecutorService timer;

  private Catalogs(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** No catalogs: NOTIFYs all go to zones. */
  public static Catalogs none() {
    return new Catalogs(null);
  }

  /**
   * Builds a follower per catalog, its state read from {@code $state_path/catalogs}; nothing runs
   * until {@link #start}.
   *
   * @param mastersOf a transfer client for a list of masters
   */
  public static Catalogs create(
      AgentConfig config,
      CatalogFollower.Provisioner provisioner,
      Function<List<org.dnsagent.spi.MasterServer>, MasterClient> mastersOf,
      Clock clock)
      throws IOException {
    if (config.catalogs().isEmpty()) {
      return none();
    }
    Path dir = config.statePath().resolve("catalogs");
    Files.createDirectories(dir);
    Catalogs catalogs =
        new Catalogs(
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "catalogs");
                  t.setDaemon(true);
                  return t;
                }));
    for (CatalogConfig c : config.catalogs()) {
      CatalogFollower f =
          new CatalogFollower(
              c,
              mastersOf.apply(c.masters()),
              provisioner,
              zone -> Optional.ofNullable(catalogs.byZone.get(zone)),
              dir.resolve(c.name() + ".state"),
              clock);
      catalogs.byName.put(c.name(), f);
      catalogs.byZone.put(c.zone(), f);
    }
    return catalogs;
  }

  /** Starts following: a transfer of each catalog at once, then on their refresh timers. */
  public void start() {
    if (timer == null) {
      return;
    }
    timer.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    for (CatalogFollower f : byName.values()) {
      try {
        f.tick();
      } catch (RuntimeException e) {
        log.error("catalog {}: {}", f.config().name(), e.toString(), e);
      }
    }
  }

  /**
   * A NOTIFY for {@code zone}: if it is a catalog this agent follows, its transfer is moved up.
   *
   * @return whether the zone is one of the catalogs
   */
  public boolean notified(Name zone) {
    CatalogFollower f = byZone.get(zone.canonicalize());
    if (f == null) {
      return false;
    }
    f.refreshSoon();
    return true;
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Every catalog's state, members left out. */
  public List<CatalogReport> list() {
    List<CatalogReport> reports = new ArrayList<>();
    byName.values().forEach(f -> reports.add(f.report(false)));
    return reports;
  }

  /** One catalog's state with its members. */
  public CatalogReport show(String name) {
    return follower(name).report(true);
  }

  /** Lets a held update through. */
  public boolean confirm(String name) {
    return follower(name).confirm();
  }

  private CatalogFollower follower(String name) {
    CatalogFollower f = byName.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "no catalog '" + name + "' (configured: " + byName.keySet() + ")");
    }
    return f;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
