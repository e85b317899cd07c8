// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceWaiterTest {
  private final FakeServiceControlManager scm = new FakeServiceControlManager();
  private final AtomicInteger sleeps = new AtomicInteger();
  private final ServiceWaiter waiter =
      new ServiceWaiter(scm, d -> sleeps.incrementAndGet(), Duration.ofMillis(500));

  @Test
  void waitsThroughPendingStates() throws Exception {
    scm.status.put("dns-agent", ServiceStatus.of(ServiceState.RUNNING, 1));
    scm.nextQueries.add(new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 1, 30_000));
    scm.nextQueries.add(new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 2, 30_000));
    Optional<ServiceStatus> s = waiter.awaitSettled("dns-agent", Duration.ofSeconds(10));
    assertEquals(ServiceState.RUNNING, s.orElseThrow().state());
    assertEquals(2, sleeps.get());
  }

  @Test
  void givesUpAfterTheBound() throws Exception {
    scm.status.put("dns-agent", new ServiceStatus(ServiceState.STOP_PENDING, 0, 0, 0, 1, 30_000));
    Optional<ServiceStatus> s = waiter.awaitSettled("dns-agent", Duration.ofSeconds(3));
    assertEquals(ServiceState.STOP_PENDING, s.orElseThrow().state());
    assertEquals(6, sleeps.get());
  }

  @Test
  void anAbsentServiceIsEmpty() throws Exception {
    assertEquals(Optional.empty(), waiter.awaitSettled("nope", Duration.ofSeconds(3)));
    assertEquals(0, sleeps.get());
  }
}
