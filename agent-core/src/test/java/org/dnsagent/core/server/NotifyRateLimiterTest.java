// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NotifyRateLimiterTest {
  private final AtomicLong now = new AtomicLong();

  @Test
  void aBurstThenTheRatePerSource() throws Exception {
    NotifyRateLimiter limiter = new NotifyRateLimiter(10, 5, now::get);
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    assertEquals(5, accepted(limiter, a, 100), "the burst");
    assertTrue(limiter.tryAcquire(b), "another source has its own bucket");
    now.addAndGet(1_000_000_000L); // one second: ten more, but never more than the burst
    assertEquals(5, accepted(limiter, a, 100));
    now.addAndGet(300_000_000L);
    assertEquals(3, accepted(limiter, a, 100));
  }

  @Test
  void zeroTurnsTheLimitOff() throws Exception {
    NotifyRateLimiter limiter = new NotifyRateLimiter(0, 1, now::get);
    assertEquals(1000, accepted(limiter, InetAddress.getByName("192.0.2.1"), 1000));
  }

  @Test
  void manySourcesStayBounded() throws Exception {
    NotifyRateLimiter limiter = new NotifyRateLimiter(1, 1, now::get);
    for (int i = 0; i < 20_000; i++) {
      assertTrue(
          limiter.tryAcquire(
              InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
    }
    assertFalse(
        limiter.tryAcquire(
            InetAddress.getByAddress(new byte[] {10, 0, (byte) (19_999 >> 8), (byte) 19_999})));
  }

  private static int accepted(NotifyRateLimiter limiter, InetAddress source, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      if (limiter.tryAcquire(source)) {
        n++;
      }
    }
    return n;
  }
}
