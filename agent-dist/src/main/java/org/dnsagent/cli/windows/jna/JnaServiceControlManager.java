// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnsagent.cli.windows.ServiceControlManager;
import org.dnsagent.cli.windows.ServiceException;
import org.dnsagent.cli.windows.ServiceSpec;
import org.dnsagent.cli.windows.ServiceState;
import org.dnsagent.cli.windows.ServiceStatus;

/** {@link ServiceControlManager} over Advapi32 (OpenSCManager, CreateService, ...). */
final class JnaServiceControlManager implements ServiceControlManager {
  private static final Advapi32 A = Advapi32.INSTANCE;
  static final String EVENT_LOG_KEY =
      "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\";

  @Override
  public void install(ServiceSpec spec) {
    Winsvc.SC_HANDLE scm =
        openManager(Winsvc.SC_MANAGER_CONNECT | Winsvc.SC_MANAGER_CREATE_SERVICE);
    try {
      Winsvc.SC_HANDLE service =
          A.CreateService(
              scm,
              spec.name(),
              spec.displayName(),
              Winsvc.SERVICE_ALL_ACCESS,
              WinNT.SERVICE_WIN32_OWN_PROCESS,
              spec.startType().code(),
              WinNT.SERVICE_ERROR_NORMAL,
              spec.commandLine(),
              null,
              null,
              Win32.multiString(spec.dependencies()),
              spec.account().orElse(null),
              spec.password().orElse(null));
      if (service == null) {
        throw Win32.lastError("CreateService " + spec.name());
      }
      try (W32Service w = new W32Service(service)) {
        try {
          configure(w, spec);
          registerEventSource(spec.eventSource());
        } catch (RuntimeException e) {
          A.DeleteService(service);
          throw e;
        }
      }
    } finally {
      A.CloseServiceHandle(scm);
    }
  }

  private static void configure(W32Service w, ServiceSpec spec) {
    Winsvc.SC_HANDLE h = w.getHandle();
    Winsvc.SERVICE_DESCRIPTION description = new Winsvc.SERVICE_DESCRIPTION();
    description.lpDescription = spec.description();
    if (!A.ChangeServiceConfig2(h, Winsvc.SERVICE_CONFIG_DESCRIPTION, description)) {
      throw Win32.lastError("ChangeServiceConfig2 description");
    }
    List<Winsvc.SC_ACTION> actions = new ArrayList<>();
    for (Duration d : spec.restartDelays()) {
      Winsvc.SC_ACTION a = new Winsvc.SC_ACTION();
      a.type = Winsvc.SC_ACTION_RESTART;
      a.delay = (int) d.toMillis();
      actions.add(a);
    }
    // W32Service throws Win32Exception; it becomes a ServiceException below.
    try {
      w.setFailureActions(actions, (int) spec.resetPeriod().toSeconds(), null, null);
      w.setFailureActionsFlag(spec.failureActionsOnNonCrash());
    } catch (Win32Exception e) {
      throw Win32.error(e.getErrorCode(), "ChangeServiceConfig2 failure actions");
    }
    if (spec.startType().delayed()) {
      Win32.DelayedAutoStartInfo delayed = new Win32.DelayedAutoStartInfo();
      delayed.fDelayedAutostart = 1;
      if (!A.ChangeServiceConfig2(h, Winsvc.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayed)) {
        throw Win32.lastError("ChangeServiceConfig2 delayed auto-start");
      }
    }
    // NT SERVICE\<name> can then be named in ACLs whichever account the service runs as.
    Win32.ServiceSidInfo sid = new Win32.ServiceSidInfo();
    sid.dwServiceSidType = Win32.SERVICE_SID_TYPE_UNRESTRICTED;
    if (!A.ChangeServiceConfig2(h, Winsvc.SERVICE_CONFIG_SERVICE_SID_INFO, sid)) {
      throw Win32.lastError("ChangeServiceConfig2 service SID");
    }
  }

  /**
   * The Application log's source: the .NET Framework's EventLogMessages.dll shows any event id's
   * one string as the message (as PowerShell's New-EventLog registers it).
   */
  private static void registerEventSource(String source) {
    try {
      writeEventSource(source);
    } catch (Win32Exception e) {
      throw Win32.error(e.getErrorCode(), "registering the Event Log source " + source);
    }
  }

  private static void writeEventSource(String source) {
    String key = EVENT_LOG_KEY + source;
    Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, key);
    String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
    for (String framework : List.of("Framework64", "Framework")) {
      String dll = "\\Microsoft.NET\\" + framework + "\\v4.0.30319\\EventLogMessages.dll";
      if (new File(root + dll).isFile()) {
        Advapi32Util.registrySetExpandableStringValue(
            WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile", "%SystemRoot%" + dll);
        break;
      }
    }
    Advapi32Util.registrySetIntValue(WinReg.HKEY_LOCAL_MACHINE, key, "TypesSupported", 7);
  }

  @Override
  public void uninstall(String name, String eventSource) {
    Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT);
    try {
      Winsvc.SC_HANDLE service = openService(scm, name, WinNT.DELETE);
      try {
        if (!A.DeleteService(service)) {
          throw Win32.lastError("DeleteService " + name);
        }
      } finally {
        A.CloseServiceHandle(service);
      }
    } finally {
      A.CloseServiceHandle(scm);
    }
    String key = EVENT_LOG_KEY + eventSource;
    try {
      if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)) {
        Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key);
      }
    } catch (Win32Exception e) {
      throw Win32.error(e.getErrorCode(), "removing the Event Log source " + eventSource);
    }
  }

  @Override
  public void start(String name) {
    withService(
        name,
        Winsvc.SERVICE_START,
        h -> {
          if (!A.StartService(h, 0, null)) {
            throw Win32.lastError("StartService " + name);
          }
        });
  }

  @Override
  public void stop(String name) {
    withService(
        name,
        Winsvc.SERVICE_STOP,
        h -> {
          Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
          if (!A.ControlService(h, Winsvc.SERVICE_CONTROL_STOP, status)) {
            throw Win32.lastError("ControlService STOP " + name);
          }
        });
  }

  @Override
  public Optional<ServiceStatus> query(String name) {
    Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT);
    try {
      Winsvc.SC_HANDLE h = A.OpenService(scm, name, Winsvc.SERVICE_QUERY_STATUS);
      if (h == null) {
        ServiceException e = Win32.lastError("OpenService " + name);
        if (e.error() == ServiceException.ERROR_SERVICE_DOES_NOT_EXIST) {
          return Optional.empty();
        }
        throw e;
      }
      try {
        Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
        if (!A.QueryServiceStatus(h, s)) {
          throw Win32.lastError("QueryServiceStatus " + name);
        }
        return Optional.of(
            new ServiceStatus(
                ServiceState.of(s.dwCurrentState),
                s.dwControlsAccepted,
                s.dwWin32ExitCode,
                s.dwServiceSpecificExitCode,
                s.dwCheckPoint,
                s.dwWaitHint));
      } finally {
        A.CloseServiceHandle(h);
      }
    } finally {
      A.CloseServiceHandle(scm);
    }
  }

  private interface HandleCall {
    void call(Winsvc.SC_HANDLE service);
  }

  private static void withService(String name, int access, HandleCall call) {
    Winsvc.SC_HANDLE scm = openManager(Winsvc.SC_MANAGER_CONNECT);
    try {
      Winsvc.SC_HANDLE h = openService(scm, name, access);
      try {
        call.call(h);
      } finally {
        A.CloseServiceHandle(h);
      }
    } finally {
      A.CloseServiceHandle(scm);
    }
  }

  private static Winsvc.SC_HANDLE openManager(int access) {
    Winsvc.SC_HANDLE scm = A.OpenSCManager(null, null, access);
    if (scm == null) {
      throw Win32.lastError("OpenSCManager");
    }
    return scm;
  }

  private static Winsvc.SC_HANDLE openService(Winsvc.SC_HANDLE scm, String name, int access) {
    Winsvc.SC_HANDLE h = A.OpenService(scm, name, access);
    if (h == null) {
      throw Win32.lastError("OpenService " + name);
    }
    return h;
  }
}
