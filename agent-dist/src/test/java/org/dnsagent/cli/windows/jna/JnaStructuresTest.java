// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.jna.platform.win32.Winsvc;
import java.util.List;
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
