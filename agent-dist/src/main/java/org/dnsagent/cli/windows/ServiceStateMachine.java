// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent as a Windows service: START_PENDING (check point raised every {@code heartbeat} while
 * the agent starts, so that a long journal replay is not taken for a hang), RUNNING accepting STOP
 * and SHUTDOWN, STOP_PENDING (likewise) while the agent stops, STOPPED. A start that fails ends
 * STOPPED with {@code ERROR_SERVICE_SPECIFIC_ERROR} and the agent's exit status as the
 * service-specific code, so that the SCM's recovery actions restart it (the service is installed
 * with failure actions on non-crash failures). Start, stop and failures go to the Event Log.
 */
public final class ServiceStateMachine implements WindowsService {
  private static final Logger log = LoggerFactory.getLogger(ServiceStateMachine.class);

  /** Starting and stopping the agent itself. */
  public interface Lifecycle {
    /**
     * Starts the agent; returns what it runs (for the Event Log).
     *
     * @throws StartFailure with the exit status and the reason, one line
     */
    String start() throws StartFailure;

    /** Stops the agent cleanly (the same path as SIGTERM on Linux: journal closed). */
    void stop();
  }

  /** The agent did not start. */
  public static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public StartFailure(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final String name;
  private final Lifecycle lifecycle;
  private final EventLog events;
  private final Duration heartbeat;
  private final Duration waitHint;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Object lock = new Object();
  private StatusSink sink;
  private ServiceStatus current = ServiceStatus.of(ServiceState.STOPPED, 0);
  private int checkPoint;
  private volatile String stopReason = "stop requested";
  private volatile int exitCode;

  /**
   * @param heartbeat how often the check point rises while pending
   * @param waitHint the wait hint reported while pending (longer than {@code heartbeat})
   */
  public ServiceStateMachine(
      String name, Lifecycle lifecycle, EventLog events, Duration heartbeat, Duration waitHint) {
    this.name = name;
    this.lifecycle = lifecycle;
    this.events = events;
    this.heartbeat = heartbeat;
    this.waitHint = waitHint;
  }

  /** Defaults: check point every 2 s, wait hint 30 s. */
  public ServiceStateMachine(String name, Lifecycle lifecycle, EventLog events) {
    this(name, lifecycle, events, Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  /** The process's exit status once {@link #main} returned: 0, or the start failure's. */
  public int exitCode() {
    return exitCode;
  }

  @Override
  public void main(StatusSink statusSink) {
    synchronized (lock) {
      this.sink = statusSink;
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "service-status");
              t.setDaemon(true);
              return t;
            });
    try {
      run(timer);
    } finally {
      timer.shutdownNow();
    }
  }

  private void run(ScheduledExecutorService timer) {
    pending(ServiceState.START_PENDING);
    String what;
    ScheduledFuture<?> beat = beat(timer, ServiceState.START_PENDING);
    try {
      what = lifecycle.start();
    } catch (StartFailure e) {
      beat.cancel(false);
      failedToStart(e.exitCode(), e.getMessage());
      return;
    } catch (RuntimeException | Error e) {
      beat.cancel(false);
      log.error("{}: start failed", name, e);
      failedToStart(1, String.valueOf(e));
      return;
    }
    beat.cancel(false);
    events.report(EventLog.Type.INFORMATION, EventLog.STARTED, name + " started: " + what);
    set(
        ServiceStatus.of(
            ServiceState.RUNNING, ServiceStatus.ACCEPT_STOP | ServiceStatus.ACCEPT_SHUTDOWN));
    awaitStop();
    pending(ServiceState.STOP_PENDING);
    beat = beat(timer, ServiceState.STOP_PENDING);
    try {
      lifecycle.stop();
      events.report(
          EventLog.Type.INFORMATION, EventLog.STOPPED, name + " stopped (" + stopReason + ")");
    } catch (RuntimeException e) {
      log.error("{}: stopping failed", name, e);
      events.report(EventLog.Type.ERROR, EventLog.STOP_FAILED, name + ": stopping failed: " + e);
    } finally {
      beat.cancel(false);
    }
    set(ServiceStatus.of(ServiceState.STOPPED, 0));
  }

  private void failedToStart(int code, String message) {
    exitCode = code == 0 ? 1 : code;
    log.error("{} did not start: {}", name, message);
    events.report(
        EventLog.Type.ERROR,
        EventLog.START_FAILED,
        name + " did not start (exit code " + exitCode + "): " + message);
    set(
        new ServiceStatus(
            ServiceState.STOPPED, 0, ServiceStatus.ERROR_SERVICE_SPECIFIC_ERROR, exitCode, 0, 0));
  }

  private void awaitStop() {
    boolean interrupted = false;
    while (true) {
      try {
        stopRequested.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private ScheduledFuture<?> beat(ScheduledExecutorService timer, ServiceState state) {
    long every = heartbeat.toMillis();
    return timer.scheduleAtFixedRate(
        () -> {
          synchronized (lock) {
            if (current.state() == state) {
              pending(state);
            }
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  /** The state again, with the next check point. */
  private void pending(ServiceState state) {
    synchronized (lock) {
      if (current.state() != state) {
        checkPoint = 0;
      }
      checkPoint++;
      set(
          new ServiceStatus(
              state, 0, ServiceStatus.NO_ERROR, 0, checkPoint, (int) waitHint.toMillis()));
    }
  }

  private void set(ServiceStatus status) {
    synchronized (lock) {
      current = status;
      if (sink != null) {
        sink.report(status);
      }
    }
  }

  @Override
  public int control(int code) {
    switch (code) {
      case SERVICE_CONTROL_STOP, SERVICE_CONTROL_SHUTDOWN -> {
        synchronized (lock) {
          if (stopRequested.getCount() > 0) {
            stopReason =
                code == SERVICE_CONTROL_STOP ? "stop requested" : "the system is shutting down";
            log.info("{}: {}", name, stopReason);
            if (current.state() == ServiceState.RUNNING) {
              pending(ServiceState.STOP_PENDING);
            }
            stopRequested.countDown();
          }
        }
        return NO_ERROR;
      }
      case SERVICE_CONTROL_INTERROGATE -> {
        synchronized (lock) {
          set(current);
        }
        return NO_ERROR;
      }
      default -> {
        return ERROR_CALL_NOT_IMPLEMENTED;
      }
    }
  }

  /** An exception no thread caught: logged and reported to the Event Log as fatal. */
  public void fatal(Thread thread, Throwable e) {
    log.error("uncaught in thread {}", thread.getName(), e);
    events.report(
        EventLog.Type.ERROR,
        EventLog.FATAL,
        name + ": fatal error in thread " + thread.getName() + ": " + e);
  }
}
