// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceStateMachineTest {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final int ACCEPTS = ServiceStatus.ACCEPT_STOP | ServiceStatus.ACCEPT_SHUTDOWN;

  private final RecordingSink sink = new RecordingSink();
  private final FakeEventLog events = new FakeEventLog();

  /** A lifecycle that records its calls. */
  private static final class Recorder implements ServiceStateMachine.Lifecycle {
    final List<String> calls = new ArrayList<>();
    ServiceStateMachine.StartFailure failure;
    RuntimeException crash;
    CountDownLatch releaseStart;

    @Override
    public synchronized String start() throws ServiceStateMachine.StartFailure {
      calls.add("start");
      if (releaseStart != null) {
        try {
          if (!releaseStart.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("start never released");
          }
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (crash != null) {
        throw crash;
      }
      return "listening on [127.0.0.1:5358] with backend msdns";
    }

    @Override
    public synchronized void stop() {
      calls.add("stop");
    }
  }

  private Thread runMain(ServiceStateMachine machine) {
    Thread t = new Thread(() -> machine.main(sink), "test-service-main");
    t.start();
    return t;
  }

  @Test
  void startsRunsAndStopsCleanlyOnStop() throws Exception {
    Recorder life = new Recorder();
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.RUNNING, BOUND);
    assertEquals(WindowsService.NO_ERROR, m.control(WindowsService.SERVICE_CONTROL_STOP));
    main.join(BOUND.toMillis());
    assertEquals(
        List.of(
            new ServiceStatus(ServiceState.START_PENDING, 0, 0, 0, 1, 30_000),
            ServiceStatus.of(ServiceState.RUNNING, ACCEPTS),
            new ServiceStatus(ServiceState.STOP_PENDING, 0, 0, 0, 1, 30_000),
            new ServiceStatus(ServiceState.STOP_PENDING, 0, 0, 0, 2, 30_000),
            ServiceStatus.of(ServiceState.STOPPED, 0)),
        sink.statuses);
    assertEquals(List.of("start", "stop"), life.calls);
    assertEquals(0, m.exitCode());
    assertEquals(List.of(EventLog.STARTED, EventLog.STOPPED), events.ids());
    assertEquals(
        "dns-agent started: listening on [127.0.0.1:5358] with backend msdns",
        events.events.get(0).message());
    assertEquals(EventLog.Type.INFORMATION, events.events.get(1).type());
    assertEquals("dns-agent stopped (stop requested)", events.events.get(1).message());
  }

  @Test
  void shutdownStopsTheSameWay() throws Exception {
    Recorder life = new Recorder();
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.RUNNING, BOUND);
    assertEquals(WindowsService.NO_ERROR, m.control(WindowsService.SERVICE_CONTROL_SHUTDOWN));
    // A second stop while stopping changes nothing.
    assertEquals(WindowsService.NO_ERROR, m.control(WindowsService.SERVICE_CONTROL_STOP));
    main.join(BOUND.toMillis());
    assertEquals(ServiceStatus.of(ServiceState.STOPPED, 0), sink.last());
    assertEquals(List.of("start", "stop"), life.calls);
    assertEquals("dns-agent stopped (the system is shutting down)", events.events.get(1).message());
  }

  @Test
  void aStartFailureStopsWithItsExitCodeForRecovery() throws Exception {
    Recorder life = new Recorder();
    life.failure =
        new ServiceStateMachine.StartFailure(
            2, "dns-agent: configuration error: [service:agent] listen = x: not host:port");
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    runMain(m).join(BOUND.toMillis());
    assertEquals(
        List.of(ServiceState.START_PENDING, ServiceState.STOPPED),
        sink.states(),
        "" + sink.statuses);
    assertEquals(
        new ServiceStatus(
            ServiceState.STOPPED, 0, ServiceStatus.ERROR_SERVICE_SPECIFIC_ERROR, 2, 0, 0),
        sink.last());
    assertEquals("service-specific exit code 2", sink.last().exitDescription());
    assertEquals(2, m.exitCode());
    assertEquals(List.of("start"), life.calls);
    assertEquals(List.of(EventLog.START_FAILED), events.ids());
    assertEquals(EventLog.Type.ERROR, events.events.get(0).type());
    assertEquals(
        "dns-agent did not start (exit code 2): dns-agent: configuration error: [service:agent]"
            + " listen = x: not host:port",
        events.events.get(0).message());
  }

  @Test
  void anUnexpectedStartErrorIsExitCodeOne() throws Exception {
    Recorder life = new Recorder();
    life.crash = new IllegalStateException("boom");
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    runMain(m).join(BOUND.toMillis());
    assertEquals(1, sink.last().serviceSpecificExitCode());
    assertEquals(ServiceStatus.ERROR_SERVICE_SPECIFIC_ERROR, sink.last().win32ExitCode());
    assertEquals(1, m.exitCode());
    assertTrue(events.events.get(0).message().contains("boom"), events.events.toString());
  }

  @Test
  void aSlowStartRaisesTheCheckPointWhilePending() throws Exception {
    Recorder life = new Recorder();
    life.releaseStart = new CountDownLatch(1);
    ServiceStateMachine m =
        new ServiceStateMachine(
            "dns-agent", life, events, Duration.ofMillis(10), Duration.ofSeconds(30));
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.START_PENDING && s.checkPoint() >= 3, BOUND);
    life.releaseStart.countDown();
    sink.await(s -> s.state() == ServiceState.RUNNING, BOUND);
    m.control(WindowsService.SERVICE_CONTROL_STOP);
    main.join(BOUND.toMillis());
    List<ServiceStatus> starting =
        sink.statuses.stream().filter(s -> s.state() == ServiceState.START_PENDING).toList();
    for (int i = 0; i < starting.size(); i++) {
      assertEquals(i + 1, starting.get(i).checkPoint(), "check points rise one by one");
      assertEquals(30_000, starting.get(i).waitHintMillis());
      assertEquals(0, starting.get(i).controlsAccepted(), "no control accepted while starting");
    }
    int running = sink.states().indexOf(ServiceState.RUNNING);
    assertTrue(
        sink.states().subList(running, sink.states().size()).stream()
            .noneMatch(s -> s == ServiceState.START_PENDING),
        "no START_PENDING after RUNNING: " + sink.states());
    assertEquals(ServiceState.STOPPED, sink.last().state());
  }

  @Test
  void aStopDuringStartIsHonouredOnceStarted() throws Exception {
    Recorder life = new Recorder();
    life.releaseStart = new CountDownLatch(1);
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.START_PENDING, BOUND);
    assertEquals(WindowsService.NO_ERROR, m.control(WindowsService.SERVICE_CONTROL_SHUTDOWN));
    life.releaseStart.countDown();
    main.join(BOUND.toMillis());
    assertEquals(List.of("start", "stop"), life.calls);
    assertEquals(ServiceStatus.of(ServiceState.STOPPED, 0), sink.last());
  }

  @Test
  void interrogateReportsAgainAndOtherControlsAreNotImplemented() throws Exception {
    Recorder life = new Recorder();
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.RUNNING, BOUND);
    int before = sink.statuses.size();
    assertEquals(WindowsService.NO_ERROR, m.control(WindowsService.SERVICE_CONTROL_INTERROGATE));
    assertEquals(before + 1, sink.statuses.size());
    assertEquals(ServiceStatus.of(ServiceState.RUNNING, ACCEPTS), sink.last());
    assertEquals(WindowsService.ERROR_CALL_NOT_IMPLEMENTED, m.control(2)); // PAUSE
    assertEquals(WindowsService.ERROR_CALL_NOT_IMPLEMENTED, m.control(3)); // CONTINUE
    assertEquals(ServiceState.RUNNING, sink.last().state());
    m.control(WindowsService.SERVICE_CONTROL_STOP);
    main.join(BOUND.toMillis());
    assertEquals(ServiceState.STOPPED, sink.last().state());
  }

  @Test
  void aFailingStopIsReportedAndStillEndsStopped() throws Exception {
    AtomicInteger stops = new AtomicInteger();
    ServiceStateMachine.Lifecycle life =
        new ServiceStateMachine.Lifecycle() {
          @Override
          public String start() {
            return "x";
          }

          @Override
          public void stop() {
            stops.incrementAndGet();
            throw new IllegalStateException("disk gone");
          }
        };
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", life, events);
    Thread main = runMain(m);
    sink.await(s -> s.state() == ServiceState.RUNNING, BOUND);
    m.control(WindowsService.SERVICE_CONTROL_STOP);
    main.join(BOUND.toMillis());
    assertEquals(1, stops.get());
    assertEquals(ServiceState.STOPPED, sink.last().state());
    assertEquals(List.of(EventLog.STARTED, EventLog.STOP_FAILED), events.ids());
    assertTrue(events.events.get(1).message().contains("disk gone"));
  }

  @Test
  void anUncaughtExceptionIsAFatalEvent() {
    ServiceStateMachine m = new ServiceStateMachine("dns-agent", new Recorder(), events);
    m.fatal(new Thread("worker-7"), new OutOfMemoryError("Java heap space"));
    assertEquals(List.of(EventLog.FATAL), events.ids());
    assertEquals(EventLog.Type.ERROR, events.events.get(0).type());
    assertEquals(
        "dns-agent: fatal error in thread worker-7: java.lang.OutOfMemoryError: Java heap space",
        events.events.get(0).message());
  }
}
