// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Windows platform for tests on Linux: the fake SCM, a fake event log, and a service host that
 * plays the SCM's dispatcher: runs ServiceMain on a thread of its own, and once the service reports
 * RUNNING calls {@link #whileRunning}, then sends the control {@link #stopControl}.
 */
public final class FakeWindowsPlatform implements WindowsPlatform {
  public final FakeServiceControlManager scm = new FakeServiceControlManager();
  public final FakeEventLog events = new FakeEventLog();
  public final RecordingSink sink = new RecordingSink();
  public volatile String eventSource;
  public volatile Runnable whileRunning = () -> {};
  public volatile int stopControl = WindowsService.SERVICE_CONTROL_STOP;

  /** When set, dispatch fails with this error as when not started by the SCM. */
  public volatile Integer dispatchError;

  @Override
  public ServiceControlManager serviceControlManager() {
    return scm;
  }

  @Override
  public ServiceHost serviceHost() {
    return (name, service) -> {
      if (dispatchError != null) {
        throw new ServiceException(dispatchError, "StartServiceCtrlDispatcher: refused");
      }
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread main =
          new Thread(
              () -> {
                try {
                  service.main(sink);
                } catch (Throwable t) {
                  failed.set(t);
                }
              },
              "fake-service-main");
      main.start();
      try {
        ServiceStatus settled =
            sink.await(
                s -> s.state() == ServiceState.RUNNING || s.state() == ServiceState.STOPPED,
                Duration.ofSeconds(120));
        if (settled.state() == ServiceState.RUNNING) {
          whileRunning.run();
          service.control(stopControl);
        }
        main.join(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failed.get() != null) {
        throw new AssertionError("ServiceMain threw", failed.get());
      }
    };
  }

  @Override
  public EventLog eventLog(String source) {
    eventSource = source;
    return events;
  }
}
