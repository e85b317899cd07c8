// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Workload 3: one zone of {@code --big-records} records created, transferred and applied by an
 * agent held to {@code -Xmx} {@code --agent-heap}; its duration, peak heap and RSS. Meanwhile
 * ten-record CREATEs keep arriving, and their latency is what a controller sees while the big
 * transfer runs. The ceiling is the same AXFR received by {@code dig} into /dev/null.
 */
final class BigZone {
  static final String NAME = "3 big zone";
  private static final Name BIG = Name.fromConstantString("big.test.");
  private static final int PROBE_SENDERS = 2;
  private static final long PROBE_PAUSE_MILLIS = 20;

  private BigZone() {}

  static void run(Run run) throws Exception {
    BenchOptions o = run.options();
    int records = o.bigRecords();
    List<Name> probes = Run.names("p%05d.probe.test.", 20_000);
    List<Name> warmUp = Run.names("w%04d.warm.test.", 300);
    try (Master master = new Master(run.directory().resolve("master"))) {
      master.writeBigZone(BIG, 1, records);
      for (Name z : probes) {
        master.writeZone(z, 1);
      }
      for (Name z : warmUp) {
        master.writeZone(z, 1);
      }
      long loadStart = System.nanoTime();
      master.start();
      run.log(
          "master loaded %,d records in %.1f s", records, (System.nanoTime() - loadStart) / 1e9);
      double dig = digCeiling(run, master);
      try (Target target = Target.start(run.backend(), run.directory().resolve("target"));
          AgentProcess agent = run.startAgent("agent", master.address(), target, "")) {
        Controller controller = new Controller(agent.address(), master.address());
        Senders.run(4, warmUp, controller::createOnce);
        Latencies probeLatency = new Latencies();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger probeFailures = new AtomicInteger();
        List<Thread> probers = new ArrayList<>();
        for (int i = 0; i < PROBE_SENDERS; i++) {
          Thread t =
              new Thread(
                  () -> probe(controller, probes, next, stop, probeLatency, probeFailures),
                  "probe-" + i);
          t.setDaemon(true);
          probers.add(t);
        }
        long start = System.nanoTime();
        probers.forEach(Thread::start);
        CompletableFuture<Long> reply =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return controller.createOnce(BIG) ? System.nanoTime() : -1L;
                  } catch (IOException e) {
                    return -2L;
                  }
                });
        long deadline = start + Duration.ofMinutes(20).toNanos();
        long served = -1;
        while (System.nanoTime() < deadline) {
          if (target.servedSerial(BIG).isPresent()) {
            served = System.nanoTime();
            break;
          }
          Thread.sleep(50);
        }
        stop.set(true);
        for (Thread t : probers) {
          t.join(10_000);
        }
        long replied = reply.get();
        double seconds = served < 0 ? Double.NaN : (served - start) / 1e9;
        double[] heap = agent.heapPeaksMiB();
        run.ceiling(
            "created until served: " + String.format("%,d", records) + " records",
            seconds,
            "s",
            String.format("ceiling: dig AXFR %.1f s", dig));
        run.info(
            "CREATE reply (" + (replied > 0 ? "NOERROR" : "SERVFAIL, still running") + ")",
            replied > 0 ? (replied - start) / 1e9 : Double.NaN,
            "s");
        run.target(
            "applied with -Xmx" + o.agentHeap() + ": peak heap before GC",
            heap[0],
            "MiB",
            "target: applied with -Xmx256m",
            served > 0 && o.agentHeap().equals("256m"));
        run.info("  largest heap still in use after a GC", heap[1], "MiB");
        run.info("agent peak RSS", agent.peakRssMiB(), "MiB");
        run.info("agent GC collections", agent.collections(), "");
        run.info("records served (checked)", servedRecords(run, target, records), "");
        run.info("10-record CREATEs during the transfer", probeLatency.count(), "");
        run.info("  p50", probeLatency.percentileMillis(50), "ms");
        run.target(
            "  p99",
            probeLatency.percentileMillis(99),
            "ms",
            "target < 100 ms",
            probeLatency.percentileMillis(99) < 100 && probeFailures.get() == 0);
        run.info("  max", probeLatency.maxMillis(), "ms");
        run.info("  failed", probeFailures.get(), "");
      }
    }
  }

  private static void probe(
      Controller controller,
      List<Name> probes,
      AtomicInteger next,
      AtomicBoolean stop,
      Latencies latency,
      AtomicInteger failures) {
    while (!stop.get()) {
      int i = next.getAndIncrement();
      if (i >= probes.size()) {
        return;
      }
      long t0 = System.nanoTime();
      try {
        if (!controller.createOnce(probes.get(i))) {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        failures.incrementAndGet();
      }
      latency.add(System.nanoTime() - t0);
      try {
        Thread.sleep(PROBE_PAUSE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** dig receiving the same AXFR into /dev/null: the best of three. */
  private static double digCeiling(Run run, Master master) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      Commands.Output out =
          Commands.run(
              List.of(
                  "dig",
                  "@127.0.0.1",
                  "-p",
                  Integer.toString(master.port()),
                  BIG.toString(),
                  "AXFR"),
              Path.of("/dev/null"),
              Duration.ofMinutes(10));
      if (out.exitCode() != 0) {
        throw new IllegalStateException("dig failed: " + out.stderr());
      }
      best = Math.min(best, out.elapsed().toNanos() / 1e9);
    }
    run.ceiling("ceiling: dig AXFR > /dev/null (best of 3)", best, "s", "no agent");
    return best;
  }

  /** Records the backend serves: counted in the zone file, or one looked up in named. */
  private static double servedRecords(Run run, Target target, int records) throws IOException {
    if (target instanceof Target.FilesTarget) {
      long count = 0;
      try (BufferedReader r = Files.newBufferedReader(target.zoneFile(BIG))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.startsWith(";") && !line.startsWith("$")) {
            count++;
          }
        }
      }
      return count;
    }
    Name last = Name.fromConstantString("host" + (records - 4) + ".big.test.");
    try (DnsProbe dns =
        new DnsProbe(((Target.Bind9Target) target).server().dnsAddress(), Duration.ofSeconds(5))) {
      Message m = dns.query(last, Type.A);
      boolean found = m != null && m.getRcode() == Rcode.NOERROR && m.getSection(1).size() == 1;
      run.log("named answers the last record %s: %s", last, found);
      return found ? records : Double.NaN;
    }
  }
}
