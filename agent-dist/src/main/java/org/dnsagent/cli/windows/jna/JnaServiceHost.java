// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import org.dnsagent.cli.windows.ServiceException;
import org.dnsagent.cli.windows.ServiceHost;
import org.dnsagent.cli.windows.ServiceStatus;
import org.dnsagent.cli.windows.WindowsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code StartServiceCtrlDispatcher} with one entry; its ServiceMain registers the control handler
 * ({@code RegisterServiceCtrlHandlerEx}) and runs the service, which reports through {@code
 * SetServiceStatus}. The callbacks are fields: JNA callbacks must stay reachable while native code
 * may call them.
 */
final class JnaServiceHost implements ServiceHost {
  private static final Logger log = LoggerFactory.getLogger(JnaServiceHost.class);

  private Winsvc.SERVICE_MAIN_FUNCTION main;
  private Winsvc.HandlerEx handler;
  private volatile ServiceException failure;

  @Override
  public void dispatch(String name, WindowsService service) {
    Winsvc.SERVICE_TABLE_ENTRY[] table = table(name, service);
    if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
      throw Win32.lastError("StartServiceCtrlDispatcher");
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The dispatch table: one entry for {@code service}, then the terminating empty one. Advapi32 is
   * called only from the callbacks, so that this is built (and checked) off Windows too.
   */
  Winsvc.SERVICE_TABLE_ENTRY[] table(String name, WindowsService service) {
    // Anonymous classes rather than lambdas: JNA looks the callback method up by reflection.
    handler =
        new Winsvc.HandlerEx() {
          @Override
          public int callback(int control, int eventType, Pointer eventData, Pointer context) {
            return service.control(control);
          }
        };
    main =
        new Winsvc.SERVICE_MAIN_FUNCTION() {
          @Override
          public void callback(int argc, Pointer argv) {
            Winsvc.SERVICE_STATUS_HANDLE h =
                Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(name, handler, null);
            if (h == null) {
              failure = Win32.lastError("RegisterServiceCtrlHandlerEx " + name);
              return;
            }
            service.main(status -> set(h, status));
          }
        };
    Winsvc.SERVICE_TABLE_ENTRY first = new Winsvc.SERVICE_TABLE_ENTRY();
    Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) first.toArray(2);
    table[0].lpServiceName = name;
    table[0].lpServiceProc = main;
    table[1].lpServiceName = null;
    table[1].lpServiceProc = null;
    return table;
  }

  /** The control handler {@link #table} registers (for the tests). */
  Winsvc.HandlerEx handler() {
    return handler;
  }

  private static void set(Winsvc.SERVICE_STATUS_HANDLE h, ServiceStatus status) {
    Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
    s.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
    s.dwCurrentState = status.state().code();
    s.dwControlsAccepted = status.controlsAccepted();
    s.dwWin32ExitCode = status.win32ExitCode();
    s.dwServiceSpecificExitCode = status.serviceSpecificExitCode();
    s.dwCheckPoint = status.checkPoint();
    s.dwWaitHint = status.waitHintMillis();
    if (!Advapi32.INSTANCE.SetServiceStatus(h, s)) {
      log.warn(
          "SetServiceStatus {}: {}",
          status.state(),
          Win32.lastError("SetServiceStatus").getMessage());
    }
  }
}
