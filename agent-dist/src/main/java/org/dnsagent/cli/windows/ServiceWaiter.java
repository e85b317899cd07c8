// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.time.Duration;
import java.util.Optional;

/** Polls a service's state until it leaves the pending states, within a bound. */
public final class ServiceWaiter {
  /** Sleeps between two queries (a test passes one that does not). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final ServiceControlManager scm;
  private final Sleeper sleeper;
  private final Duration every;

  public ServiceWaiter(ServiceControlManager scm, Sleeper sleeper, Duration every) {
    this.scm = scm;
    this.sleeper = sleeper;
    this.every = every;
  }

  public ServiceWaiter(ServiceControlManager scm) {
    this(scm, d -> Thread.sleep(d.toMillis()), Duration.ofMillis(500));
  }

  /**
   * The service's status once it is no longer pending (RUNNING, STOPPED, ...), or its last status
   * when {@code timeout} passed first; empty if it is not installed (any more).
   */
  public Optional<ServiceStatus> awaitSettled(String name, Duration timeout)
      throws InterruptedException {
    long polls = Math.max(1, timeout.toMillis() / Math.max(1, every.toMillis()));
    Optional<ServiceStatus> last = scm.query(name);
    for (long i = 0; i < polls && last.isPresent() && last.get().state().pending(); i++) {
      sleeper.sleep(every);
      last = scm.query(name);
    }
    return last;
  }
}
