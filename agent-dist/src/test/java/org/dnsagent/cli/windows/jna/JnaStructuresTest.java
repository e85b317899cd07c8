// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import java.util.ArrayList;
import java.util.List;
import org.dnsagent.cli.windows.StatusSink;
import org.dnsagent.cli.windows.WindowsService;
import org.junit.jupiter.api.Test;

/**
 * What of the JNA side can be checked off Windows: the structures jna-platform lacks have the
 * layout of their C declarations, the multi-string of dependencies, and every class links (loaded
 * without initialising: Advapi32 itself loads only on Windows).
 */
class JnaStructuresTest {
  @Test
  void structuresHaveTheirWin32Size() {
    assertEquals(4, new Win32.DelayedAutoStartInfo().size()); // SERVICE_DELAYED_AUTO_START_INFO
    assertEquals(4, new Win32.ServiceSidInfo().size()); // SERVICE_SID_INFO
    assertEquals(28, new Winsvc.SERVICE_STATUS().size()); // seven DWORDs
  }

  @Test
  void structuresAreWrittenWhereWindowsReadsThem() {
    Win32.DelayedAutoStartInfo delayed = new Win32.DelayedAutoStartInfo();
    delayed.fDelayedAutostart = 1;
    delayed.write();
    assertEquals(1, delayed.getPointer().getInt(0));
    Win32.ServiceSidInfo sid = new Win32.ServiceSidInfo();
    sid.dwServiceSidType = Win32.SERVICE_SID_TYPE_UNRESTRICTED;
    sid.write();
    assertEquals(1, sid.getPointer().getInt(0));
  }

  /**
   * The dispatch table JnaServiceHost hands StartServiceCtrlDispatcher: two contiguous entries, the
   * second empty; JNA accepts the callbacks (it makes native stubs of them when the table is
   * written), and the control handler reaches the service.
   */
  @Test
  void theDispatchTableAndItsCallbacks() {
    List<Integer> controls = new ArrayList<>();
    WindowsService service =
        new WindowsService() {
          @Override
          public void main(StatusSink sink) {}

          @Override
          public int control(int code) {
            controls.add(code);
            return code == SERVICE_CONTROL_STOP ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
          }
        };
    JnaServiceHost host = new JnaServiceHost();
    Winsvc.SERVICE_TABLE_ENTRY[] table = host.table("dns-agent", service);
    assertEquals(2, table.length);
    assertEquals("dns-agent", table[0].lpServiceName);
    assertNotNull(table[0].lpServiceProc, "ServiceMain");
    assertNull(table[1].lpServiceName, "the terminating entry has no name");
    assertNull(table[1].lpServiceProc, "and no procedure");
    // One block of memory, as StartServiceCtrlDispatcher reads an array. (Writing it needs the
    // stdcall callbacks' native stubs, which JNA makes on Windows only.)
    assertEquals(
        Pointer.nativeValue(table[0].getPointer()) + table[0].size(),
        Pointer.nativeValue(table[1].getPointer()),
        "contiguous");
    assertEquals(
        WindowsService.NO_ERROR,
        host.handler().callback(WindowsService.SERVICE_CONTROL_STOP, 0, null, null));
    assertEquals(
        WindowsService.ERROR_CALL_NOT_IMPLEMENTED, host.handler().callback(2, 0, null, null));
    assertEquals(List.of(1, 2), controls);
  }

  @Test
  void dependenciesAreADoubleNulTerminatedList() {
    assertNull(Win32.multiString(List.of()));
    assertEquals("DNS\0", Win32.multiString(List.of("DNS")));
    assertEquals("DNS\0Tcpip\0", Win32.multiString(List.of("DNS", "Tcpip")));
  }

  @Test
  void theImplementationClassesLink() throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    for (String c :
        List.of(
            "JnaWindowsPlatform", "JnaServiceControlManager", "JnaServiceHost", "JnaEventLog")) {
      Class.forName("org.dnsagent.cli.windows.jna." + c, false, loader);
    }
  }
}
