// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIGRecord;

/**
 * Replay protection for signed requests, per key (RFC 8945 5.2.3). A request that verified is
 * refused when
 *
 * <ul>
 *   <li>its MAC was accepted before, within its fudge window (an exact replay, whatever the
 *       transport), or
 *   <li>it was signed more than {@link #REORDER_WINDOW_SECONDS} seconds before the latest request
 *       accepted with the same key (messages may arrive out of order by a little, over UDP or from
 *       concurrent senders), or
 *   <li>it was signed at or before the latest time signed its key had accepted when the agent
 *       started ({@link ReplayMarks}: a request captured before a restart), or
 *   <li>when more than {@link #MAX_REMEMBERED} MACs of one key are remembered, it was signed no
 *       later than the oldest one forgotten.
 * </ul>
 *
 * A MAC is forgotten once its time signed plus fudge has passed: from then on the request is out of
 * its time window and refused with BADTIME anyway.
 */
final class ReplayGuard {
  static final long REORDER_WINDOW_SECONDS = 5;
  static final int MAX_REMEMBERED = 200_000;

  private final Map<Name, KeyState> states = new ConcurrentHashMap<>();
  private final ReplayMarks marks;

  ReplayGuard() {
    this(ReplayMarks.inMemory());
  }

  /** Refuses requests signed at or before {@code marks}' restart marks, and advances them. */
  ReplayGuard(ReplayMarks marks) {
    this.marks = marks;
  }

  /**
   * Records {@code tsig} as accepted, or says why it is a replay.
   *
   * @param nowSeconds the current time, epoch seconds
   */
  Optional<String> admit(TSIGRecord tsig, long nowSeconds) {
    Name key = tsig.getName();
    Optional<Long> restartMark = marks.restartMark(key);
    long signed = tsig.getTimeSigned().getEpochSecond();
    if (restartMark.isPresent() && signed <= restartMark.get()) {
      return Optional.of(
          "replayed: signed at or before the latest request accepted with this key before the"
              + " agent started (BADTIME)");
    }
    Optional<String> refused =
        states.computeIfAbsent(key, k -> new KeyState()).admit(tsig, nowSeconds);
    if (refused.isEmpty()) {
      marks.advance(key, signed);
    }
    return refused;
  }

  private static final class KeyState {
    private final Set<ByteBuffer> seen = new HashSet<>();
    private final Deque<Remembered> order = new ArrayDeque<>();
    private long latest = Long.MIN_VALUE;
    private long floor = Long.MIN_VALUE;

    private record Remembered(ByteBuffer mac, long signed, long forgetAfter) {}

    synchronized Optional<String> admit(TSIGRecord tsig, long now) {
      while (!order.isEmpty() && order.peekFirst().forgetAfter() < now) {
        seen.remove(order.removeFirst().mac());
      }
      long signed = tsig.getTimeSigned().getEpochSecond();
      ByteBuffer mac = ByteBuffer.wrap(tsig.getSignature().clone());
      if (seen.contains(mac)) {
        return Optional.of("replayed: a request with this MAC was accepted before (BADTIME)");
      }
      if (latest != Long.MIN_VALUE && signed < latest - REORDER_WINDOW_SECONDS) {
        return Optional.of(
            "replayed: signed "
                + (latest - signed)
                + " s before the latest request accepted with this key (BADTIME)");
      }
      if (signed <= floor) {
        return Optional.of("replayed: signed before the oldest remembered request (BADTIME)");
      }
      seen.add(mac);
      order.addLast(new Remembered(mac, signed, signed + tsig.getFudge().getSeconds()));
      latest = Math.max(latest, signed);
      if (order.size() > MAX_REMEMBERED) {
        Remembered dropped = order.removeFirst();
        seen.remove(dropped.mac());
        floor = Math.max(floor, dropped.signed());
      }
      return Optional.empty();
    }
  }
}
