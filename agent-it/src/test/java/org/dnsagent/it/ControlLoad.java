// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.ControlMessages;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Sends many requests over one UDP socket with up to {@code window} in flight, as a busy controller
 * would, and records what each zone got: {@link #OK} (NOERROR and AA), another rcode, or {@link
 * #NO_REPLY}. Can be stopped midway (the agent was killed).
 */
final class ControlLoad implements AutoCloseable {
  static final int OK = 0;
  static final int NO_REPLY = -1;

  private static final AtomicInteger IDS = new AtomicInteger();

  private final DatagramSocket socket;
  private final int window;
  private final Duration timeout;
  private final AtomicInteger sent = new AtomicInteger();
  private volatile boolean stopped;

  private record InFlight(Name zone, long sentAt) {}

  ControlLoad(InetSocketAddress agent, int window, Duration timeout) throws IOException {
    this.socket = new DatagramSocket();
    socket.connect(agent);
    socket.setSoTimeout(20);
    this.window = window;
    this.timeout = timeout;
  }

  int sent() {
    return sent.get();
  }

  /** Sends nothing more; requests in flight still get their timeout. */
  void stop() {
    stopped = true;
  }

  /** Sends {@code command} for every zone; returns what each zone sent got. */
  Map<Name, Integer> send(AgentCommand command, List<Name> zones) throws InterruptedException {
    Map<Name, Integer> results = new ConcurrentHashMap<>();
    Map<Integer, InFlight> inFlight = new ConcurrentHashMap<>();
    Semaphore permits = new Semaphore(window);
    Thread receiver =
        new Thread(() -> receive(inFlight, results, permits), "control-load-receiver");
    receiver.setDaemon(true);
    receiver.start();
    try {
      for (Name zone : zones) {
        if (stopped) {
          break;
        }
        if (!permits.tryAcquire(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
          break;
        }
        int id = IDS.incrementAndGet() & 0xffff;
        inFlight.put(id, new InFlight(zone, System.nanoTime()));
        byte[] wire = ControlMessages.request(command, zone, id).toWire();
        try {
          socket.send(new DatagramPacket(wire, wire.length));
        } catch (IOException e) {
          // The agent is gone (port unreachable): the request simply gets no reply.
        }
        sent.incrementAndGet();
      }
      permits.acquire(window); // everything answered or timed out
    } finally {
      receiver.interrupt();
      receiver.join(2000);
    }
    return results;
  }

  private void receive(
      Map<Integer, InFlight> inFlight, Map<Name, Integer> results, Semaphore permits) {
    byte[] buffer = new byte[65535];
    while (!Thread.currentThread().isInterrupted()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        Message reply = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        InFlight f = inFlight.remove(reply.getHeader().getID());
        if (f != null) {
          boolean ok = reply.getRcode() == Rcode.NOERROR && reply.getHeader().getFlag(Flags.AA);
          results.put(f.zone(), ok ? OK : reply.getRcode() == 0 ? 99 : reply.getRcode());
          permits.release();
        }
      } catch (SocketTimeoutException e) {
        // Time to look for requests that will get no reply.
      } catch (IOException e) {
        sleepBriefly(); // port unreachable while the agent is down, or a bad reply
      }
      long now = System.nanoTime();
      inFlight.forEach(
          (id, f) -> {
            if (now - f.sentAt() > timeout.toNanos() && inFlight.remove(id, f)) {
              results.putIfAbsent(f.zone(), NO_REPLY);
              permits.release();
            }
          });
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
