// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

/** The Windows Event Log (Application log): {@code RegisterEventSource} and {@code ReportEvent}. */
public interface EventLog extends AutoCloseable {
  /** The event types and their {@code EVENTLOG_*_TYPE} values. */
  enum Type {
    ERROR(1),
    WARNING(2),
    INFORMATION(4);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** Event ids of the agent's events (the message is the event's one string). */
  int STARTED = 1;

  int STOPPED = 2;
  int START_FAILED = 3;
  int STOP_FAILED = 4;
  int FATAL = 5;
  int NO_LOG_FILES = 6;

  /** Reports one event; never throws (a failure is logged). */
  void report(Type type, int eventId, String message);

  @Override
  void close();

  /** An event log that drops everything. */
  static EventLog none() {
    return new EventLog() {
      @Override
      public void report(Type type, int eventId, String message) {}

      @Override
      public void close() {}
    };
  }
}
