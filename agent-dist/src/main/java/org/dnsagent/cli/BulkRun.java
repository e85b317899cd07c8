// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.client.AttemptListener;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolResult;
import org.dnsagent.client.pool.PoolStatus;
import org.dnsagent.spi.HostPort;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * {@code pool-target} over many zones: at most {@code concurrency} zones in progress at once, each
 * failed attempt printed (stderr) as it happens, a progress line on a terminal only, and a summary
 * at the end.
 */
final class BulkRun {
  private final PoolClient client;
  private final PoolAction action;
  private final OptionalLong serial;
  private final int concurrency;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  BulkRun(
      PoolClient client,
      PoolAction action,
      OptionalLong serial,
      int concurrency,
      PrintWriter out,
      PrintWriter err,
      boolean terminal) {
    this.client = client;
    this.action = action;
    this.serial = serial;
    this.concurrency = concurrency;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** Prints each failed attempt on one line, as it happens. */
  static AttemptListener printer(PrintWriter err) {
    return (command, zone, agent, attempt, of, error) -> {
      synchronized (err) {
        err.printf(
            Locale.ROOT,
            "%s %s on %s: attempt %d of %d failed: %s%n",
            command,
            zone,
            HostPort.format(agent),
            attempt,
            of,
            error);
        err.flush();
      }
    };
  }

  static List<String> readNames(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readNames(in);
    }
  }

  /** Zone names one a line; blank lines and {@code #} comments are skipped. */
  static List<String> readNames(InputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String name = line.strip();
      if (!name.isEmpty() && !name.startsWith("#")) {
        names.add(name);
      }
    }
    return names;
  }

  /** Runs every zone; the exit status: 0 all fine, 1 targets failed, 3 nameservers behind. */
  int run(List<String> names, boolean json) throws InterruptedException {
    List<Name> zones = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String n : names) {
      try {
        zones.add(Name.fromString(n, Name.root));
      } catch (TextParseException e) {
        bad.add("'" + n + "': " + e.getMessage());
      }
    }
    if (!bad.isEmpty()) {
      bad.forEach(b -> err.println("dns-agent: not a zone name: " + b));
      err.flush();
      return 2;
    }
    if (zones.isEmpty()) {
      err.println("dns-agent: no zone names given (ZONE, --zones-file, or names on stdin)");
      err.flush();
      return 2;
    }
    client.onFailedAttempt(printer(err));
    long start = System.nanoTime();
    Map<Name, PoolStatus> outcome = new LinkedHashMap<>();
    zones.forEach(z -> outcome.put(z, null));
    ExecutorService workers =
        Executors.newFixedThreadPool(
            Math.min(concurrency, zones.size()),
            r -> {
              Thread t = new Thread(r, "bulk");
              t.setDaemon(true);
              return t;
            });
    Semaphore slots = new Semaphore(concurrency);
    Thread progress = terminal ? progressLine(zones.size()) : null;
    try {
      for (Name zone : zones) {
        slots.acquire();
        workers.execute(
            () -> {
              try {
                PoolResult r =
                    serial.isPresent()
                        ? client.apply(action, zone, serial)
                        : client.apply(action, zone);
                finished(outcome, zone, r.status());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                synchronized (err) {
                  err.println(action + " " + zone + ": " + e.getMessage());
                }
                finished(outcome, zone, PoolStatus.TARGETS_FAILED);
              } finally {
                slots.release();
              }
            });
      }
      slots.acquire(concurrency); // all done
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      if (progress != null) {
        progress.interrupt();
        progress.join(2000);
        synchronized (err) {
          err.print("\r\033[K");
          err.flush();
        }
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return report(outcome, millis, json);
  }

  private void finished(Map<Name, PoolStatus> outcome, Name zone, PoolStatus status) {
    synchronized (outcome) {
      outcome.put(zone, status);
    }
    done.incrementAndGet();
    if (status != PoolStatus.SUCCESS) {
      failed.incrementAndGet();
      synchronized (err) {
        err.println(action + " " + zone + ": " + status);
        err.flush();
      }
    }
  }

  /** Rewrites one status line on the terminal a few times a second. */
  private Thread progressLine(int total) {
    Thread t =
        new Thread(
            () -> {
              long start = System.nanoTime();
              while (!Thread.currentThread().isInterrupted()) {
                int d = done.get();
                double seconds = (System.nanoTime() - start) / 1e9;
                synchronized (err) {
                  err.printf(
                      Locale.ROOT,
                      "\r\033[K%s %d/%d zones (%d%%), %d failed, %.0f/s",
                      action,
                      d,
                      total,
                      100L * d / total,
                      failed.get(),
                      seconds > 0 ? d / seconds : 0.0);
                  err.flush();
                }
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private int report(Map<Name, PoolStatus> outcome, long millis, boolean json) {
    int ok = 0;
    List<Map<String, Object>> failures = new ArrayList<>();
    boolean targetsFailed = false;
    for (Map.Entry<Name, PoolStatus> e : outcome.entrySet()) {
      PoolStatus s = e.getValue() == null ? PoolStatus.TARGETS_FAILED : e.getValue();
      if (s == PoolStatus.SUCCESS) {
        ok++;
      } else {
        targetsFailed |= s == PoolStatus.TARGETS_FAILED;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("zone", e.getKey().toString());
        f.put("status", s.name());
        failures.add(f);
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", action.name());
      m.put("zones", outcome.size());
      m.put("succeeded", ok);
      m.put("failed", failures);
      m.put("elapsed_ms", millis);
      out.println(org.dnsagent.core.admin.Json.write(m));
    } else {
      out.printf(
          Locale.ROOT,
          "%s %d zones: %d succeeded, %d failed (%d ms)%n",
          action,
          outcome.size(),
          ok,
          failures.size(),
          millis);
      failures.forEach(f -> out.println("  " + f.get("zone") + " " + f.get("status")));
    }
    out.flush();
    return failures.isEmpty() ? 0 : targetsFailed ? 1 : 3;
  }
}
