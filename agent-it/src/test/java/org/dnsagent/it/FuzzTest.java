// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * 100,000 random and mutated messages over UDP and TCP: the agent stays up, its memory stays
 * bounded, and afterwards it still answers valid requests correctly.
 */
class FuzzTest {
  private static final int UDP_MESSAGES = 70_000;
  private static final int TCP_MESSAGES = 30_000;
  private static final Name GOOD = TestZones.name("good.fuzz.test.");

  @TempDir Path dir;

  @Test
  void hundredThousandBadMessagesLeaveTheAgentUpBoundedAndCorrect() throws Exception {
    Logger agentLog = (Logger) LoggerFactory.getLogger("org.dnsagent");
    Level before = agentLog.getLevel();
    try (AgentFixture f = AgentFixture.start(dir, "", false)) {
      f.publish(GOOD, 1, 3);
      assertTrue(f.client().create(GOOD).succeeded());
      long heapBefore = usedHeapAfterGc();
      int threadsBefore = Thread.activeCount();

      agentLog.setLevel(Level.ERROR); // thousands of refused requests would flood the log
      List<byte[]> templates = templates();
      AtomicLong sent = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          long seed = 100 + i;
          senders.add(pool.submit(() -> udp(f, templates, seed, UDP_MESSAGES / 4, sent)));
        }
        for (int i = 0; i < 2; i++) {
          long seed = 200 + i;
          senders.add(pool.submit(() -> tcp(f, templates, seed, TCP_MESSAGES / 2, sent)));
        }
        for (Future<?> s : senders) {
          s.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(UDP_MESSAGES + TCP_MESSAGES, sent.get());
      awaitQuiet(f);
      agentLog.setLevel(before);

      long heapAfter = usedHeapAfterGc();
      long grewMb = (heapAfter - heapBefore) >> 20;
      System.out.printf(
          "fuzz: %d messages, %d received by the agent, heap %d -> %d MiB, threads %d -> %d%n",
          sent.get(),
          f.agent.metrics().requests(null, null),
          heapBefore >> 20,
          heapAfter >> 20,
          threadsBefore,
          Thread.activeCount());
      System.out.println("fuzz: agent counters " + f.agent.metrics().snapshot());
      assertTrue(grewMb < 64, "heap grew by " + grewMb + " MiB");
      assertTrue(Thread.activeCount() < threadsBefore + 64, "threads stay bounded");
      stillAnswersCorrectly(f);
    } finally {
      agentLog.setLevel(before);
    }
  }

  /** Valid requests of every kind, with data the agent will act on. */
  private static List<byte[]> templates() {
    List<byte[]> t = new ArrayList<>();
    t.add(ControlMessages.request(AgentCommand.CREATE, GOOD, 1).toWire());
    t.add(
        ControlMessages.request(AgentCommand.CREATE, TestZones.name("new.fuzz.test."), 2).toWire());
    t.add(
        ControlMessages.request(AgentCommand.DELETE, TestZones.name("del.fuzz.test."), 3).toWire());
    t.add(ControlMessages.request(AgentCommand.NOTIFY, GOOD, 4).toWire());
    Message notifyWithSoa = ControlMessages.request(AgentCommand.NOTIFY, GOOD, 5);
    notifyWithSoa.addRecord(TestZones.soa(GOOD, 9), Section.ANSWER);
    t.add(notifyWithSoa.toWire());
    t.add(Message.newQuery(Record.newRecord(GOOD, Type.SOA, DClass.IN)).toWire());
    return t;
  }

  private static byte[] mutate(List<byte[]> templates, Random r) {
    if (r.nextInt(5) == 0) {
      byte[] random = new byte[r.nextInt(600)];
      r.nextBytes(random);
      return random;
    }
    byte[] m = templates.get(r.nextInt(templates.size())).clone();
    switch (r.nextInt(6)) {
      case 0 -> {
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      case 2 -> m = Arrays.copyOf(m, r.nextInt(m.length));
      case 3 -> {
        byte[] tail = new byte[r.nextInt(64)];
        r.nextBytes(tail);
        byte[] longer = Arrays.copyOf(m, m.length + tail.length);
        System.arraycopy(tail, 0, longer, m.length, tail.length);
        m = longer;
      }
      case 4 -> {
        for (int i = 4; i < 12 && i < m.length; i++) {
          m[i] = (byte) r.nextInt(256); // section counts
        }
      }
      default -> {
        int from = r.nextInt(m.length);
        byte[] copy = Arrays.copyOf(m, m.length + (m.length - from));
        System.arraycopy(m, from, copy, m.length, m.length - from);
        m = copy;
      }
    }
    return m;
  }

  private static Void udp(
      AgentFixture f, List<byte[]> templates, long seed, int count, AtomicLong sent)
      throws IOException, InterruptedException {
    Random r = new Random(seed);
    try (DatagramSocket socket = new DatagramSocket()) {
      for (int i = 0; i < count; i++) {
        byte[] m = mutate(templates, r);
        socket.send(new DatagramPacket(m, m.length, f.agentAddress()));
        sent.incrementAndGet();
        if (i % 100 == 0) {
          backOff(f, sent); // a flood, but one the agent gets to see, not the kernel's drops
        }
      }
    }
    return null;
  }

  /**
   * Pauses while the agent is more than a few thousand messages behind and still catching up (what
   * the kernel dropped it will never see).
   */
  private static void backOff(AgentFixture f, AtomicLong sent) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long seen = seen(f);
    while (sent.get() - seen > 3000 && System.nanoTime() < deadline) {
      Thread.sleep(2);
      long now = seen(f);
      if (now == seen) {
        return;
      }
      seen = now;
    }
  }

  private static long seen(AgentFixture f) {
    return f.agent.metrics().requests(null, null);
  }

  private static Void tcp(
      AgentFixture f, List<byte[]> templates, long seed, int count, AtomicLong sent)
      throws IOException {
    Random r = new Random(seed);
    int done = 0;
    while (done < count) {
      try (Socket socket = new Socket()) {
        socket.connect(f.agentAddress(), 2000);
        Thread drain = drain(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        for (int n = 0; n < 500 && done < count; n++, done++) {
          byte[] m = mutate(templates, r);
          int length = r.nextInt(400) == 0 ? r.nextInt(65536) : m.length; // a few lie about it
          out.write(new byte[] {(byte) (length >> 8), (byte) length});
          out.write(m);
          sent.incrementAndGet();
        }
        out.flush();
        socket.shutdownOutput();
        drain.join(2000);
      } catch (IOException e) {
        // The agent closed a connection that broke the framing rules; open another.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static Thread drain(InputStream in) {
    Thread t =
        new Thread(
            () -> {
              try {
                in.transferTo(OutputStream.nullOutputStream());
              } catch (IOException e) {
                // closed
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until the agent has worked through what it accepted. */
  private static void awaitQuiet(AgentFixture f) throws Exception {
    long last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      long now = f.agent.metrics().requests(null, null);
      if (now == last && f.agent.operations().depth() == 0) {
        return;
      }
      last = now;
      Thread.sleep(300);
    }
    throw new AssertionError("the agent did not settle: " + f.agent.status());
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void stillAnswersCorrectly(AgentFixture f) throws Exception {
    Name fresh = TestZones.name("after.fuzz.test.");
    f.publish(fresh, 5, 4);
    AgentResponse created = f.client().create(fresh);
    assertTrue(created.succeeded(), created.describe());
    assertTrue(ZoneChecks.problem(f.agentZones, fresh, 5, 4).isEmpty());
    assertTrue(f.tcpClient().create(GOOD).succeeded(), "over TCP too");
    f.publish(GOOD, 2, 3);
    AgentFixture.await("a NOTIFY to be accepted", Duration.ofSeconds(20), () -> notified(f));
    AgentFixture.await(
        "the update",
        Duration.ofSeconds(10),
        () -> ZoneChecks.problem(f.agentZones, GOOD, 2, 3).isEmpty());
    Message soa =
        new SimpleResolver(f.agentAddress())
            .send(Message.newQuery(Record.newRecord(fresh, Type.SOA, DClass.IN)));
    assertEquals(Rcode.NOERROR, soa.getRcode());
    assertEquals(5, ((SOARecord) soa.getSection(Section.ANSWER).get(0)).getSerial());
    assertTrue(f.client().delete(fresh).succeeded());
    assertFalse(Files.exists(f.zoneFile(fresh)));
  }

  /** True once a NOTIFY got NOERROR (the fuzzing may have used up this source's NOTIFY rate). */
  private static boolean notified(AgentFixture f) {
    try {
      return f.client().notify(GOOD).succeeded();
    } catch (IOException e) {
      return false;
    }
  }
}
