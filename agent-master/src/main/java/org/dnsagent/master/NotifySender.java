// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) to the configured secondaries and retransmits with a doubling interval
 * until each answers or the retries run out (section 3.6). Responses reach it through {@link
 * #onResponse}, because they arrive on the master's own UDP socket, which the NOTIFYs leave from.
 */
final class NotifySender {
  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

  /** Sends a datagram from the master's UDP socket. */
  @FunctionalInterface
  interface Transport {
    void send(byte[] message, InetSocketAddress target) throws IOException;
  }

  private record Key(InetSocketAddress target, Name zone) {}

  /** One NOTIFY waiting for its response. */
  private static final class Pending {
    final Key key;
    final int id;
    final long serial;
    final byte[] wire;
    int attempts;
    ScheduledFuture<?> timer;

    Pending(Key key, int id, long serial, byte[] wire) {
      this.key = key;
      this.id = id;
      this.serial = serial;
      this.wire = wire;
    }
  }

  private final List<InetSocketAddress> targets;
  private final TSIG key;
  private final Duration firstRetry;
  private final int retries;
  private final ScheduledExecutorService timer;
  private final Transport transport;
  private final MasterEvents events;
  private final Map<Key, Pending> pending = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param key signs every NOTIFY; null for none
   */
  NotifySender(
      List<InetSocketAddress> targets,
      TSIG key,
      Duration firstRetry,
      int retries,
      ScheduledExecutorService timer,
      Transport transport,
      MasterEvents events) {
    this.targets = List.copyOf(targets);
    this.key = key;
    this.firstRetry = firstRetry;
    this.retries = retries;
    this.timer = timer;
    this.transport = transport;
    this.events = events;
  }

  /** Notifies every target of {@code zone}'s current version, replacing older pending ones. */
  synchronized void notifyAll(LoadedZone zone) {
    if (closed) {
      return;
    }
    for (InetSocketAddress target : targets) {
      Key k = new Key(target, zone.origin());
      Pending old = pending.remove(k);
      if (old != null && old.timer != null) {
        old.timer.cancel(false);
      }
      Message m = notifyMessage(zone);
      // toWire(int) applies the TSIG set by setTSIG; toWire() would not.
      byte[] wire = m.toWire(Message.MAXLENGTH);
      Pending p = new Pending(k, m.getHeader().getID(), zone.serial(), wire);
      pending.put(k, p);
      transmit(p);
    }
  }

  private Message notifyMessage(LoadedZone zone) {
    Message m = new Message();
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(zone.origin(), Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(zone.soa(), Section.ANSWER);
    if (key != null) {
      m.setTSIG(key, Rcode.NOERROR, null);
    }
    return m;
  }

  // Called with the lock held.
  private void transmit(Pending p) {
    p.attempts++;
    try {
      transport.send(p.wire, p.key.target());
      EventLog.info(
          log,
          events,
          "NOTIFY {} serial {} to {} (attempt {})",
          p.key.zone(),
          p.serial,
          HostPort.format(p.key.target()),
          p.attempts);
      events.notifySent(p.key.zone(), p.serial, p.key.target(), p.attempts);
    } catch (IOException e) {
      log.warn("NOTIFY {} to {} failed: {}", p.key.zone(), p.key.target(), e.toString());
    }
    long delay = firstRetry.toNanos() << (p.attempts - 1);
    p.timer = timer.schedule(() -> retry(p), delay, TimeUnit.NANOSECONDS);
  }

  private synchronized void retry(Pending p) {
    if (closed || pending.get(p.key) != p) {
      return; // answered or superseded meanwhile
    }
    if (p.attempts > retries) {
      pending.remove(p.key);
      log.warn(
          "no response to NOTIFY {} serial {} from {} after {} attempts",
          p.key.zone(),
          p.serial,
          HostPort.format(p.key.target()),
          p.attempts);
      return;
    }
    transmit(p);
  }

  /** Takes a response that arrived on the master's socket; ends retries for its NOTIFY. */
  synchronized void onResponse(Message response, InetSocketAddress from) {
    Record question = response.getQuestion();
    if (response.getHeader().getOpcode() != Opcode.NOTIFY || question == null) {
      return;
    }
    Pending p = pending.get(new Key(from, question.getName()));
    if (p == null || p.id != response.getHeader().getID()) {
      log.debug("unexpected NOTIFY response from {} for {}", from, question.getName());
      return;
    }
    pending.remove(p.key);
    p.timer.cancel(false);
    int rcode = response.getRcode();
    if (rcode == Rcode.NOERROR) {
      log.debug("NOTIFY {} serial {} acknowledged by {}", p.key.zone(), p.serial, from);
    } else {
      log.warn("NOTIFY {} answered by {} with {}", p.key.zone(), from, Rcode.string(rcode));
    }
  }

  /** Whether NOTIFYs are still waiting for a response; for tests. */
  synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  synchronized void close() {
    closed = true;
    pending.values().forEach(p -> p.timer.cancel(false));
    pending.clear();
  }
}
