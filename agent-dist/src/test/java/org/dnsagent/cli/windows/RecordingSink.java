// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every status reported, as the SCM would see them; waits for one, bounded. */
public final class RecordingSink implements StatusSink {
  public final List<ServiceStatus> statuses = new CopyOnWriteArrayList<>();

  @Override
  public synchronized void report(ServiceStatus status) {
    statuses.add(status);
    notifyAll();
  }

  public List<ServiceState> states() {
    return statuses.stream().map(ServiceStatus::state).toList();
  }

  public ServiceStatus last() {
    return statuses.get(statuses.size() - 1);
  }

  /** Waits until a status matches (at most {@code bound}); fails the test otherwise. */
  public synchronized ServiceStatus await(Predicate<ServiceStatus> match, Duration bound)
      throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      for (ServiceStatus s : statuses) {
        if (match.test(s)) {
          return s;
        }
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no such status within " + bound + "; got " + statuses);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
