// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import org.dnsagent.cli.windows.EventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link EventLog} over {@code RegisterEventSource} / {@code ReportEvent}. */
final class JnaEventLog implements EventLog {
  private static final Logger log = LoggerFactory.getLogger(JnaEventLog.class);
  private static final Advapi32 A = Advapi32.INSTANCE;

  /** ReportEvent takes strings of up to 31,839 characters. */
  static final int MAX_MESSAGE = 31_000;

  private final WinNT.HANDLE handle;

  private JnaEventLog(WinNT.HANDLE handle) {
    this.handle = handle;
  }

  static EventLog open(String source) {
    WinNT.HANDLE h = A.RegisterEventSource(null, source);
    if (h == null) {
      log.warn("no Event Log: {}", Win32.lastError("RegisterEventSource " + source).getMessage());
      return EventLog.none();
    }
    return new JnaEventLog(h);
  }

  @Override
  public synchronized void report(Type type, int eventId, String message) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    try {
      if (!A.ReportEvent(handle, type.code(), 0, eventId, null, 1, 0, new String[] {text}, null)) {
        log.warn("ReportEvent: {}", Win32.lastError("ReportEvent").getMessage());
      }
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      log.warn("ReportEvent: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    A.DeregisterEventSource(handle);
  }
}
