// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Winsvc;
import java.util.List;
import org.dnsagent.cli.windows.ServiceException;

/** Win32 errors as {@link ServiceException}s, and the structures jna-platform lacks. */
final class Win32 {
  private Win32() {}

  /** Structures for {@code ChangeServiceConfig2} jna-platform does not declare. */
  @Structure.FieldOrder({"fDelayedAutostart"})
  public static final class DelayedAutoStartInfo extends Winsvc.ChangeServiceConfig2Info {
    public int fDelayedAutostart;
  }

  /** {@code SERVICE_SID_INFO}. */
  @Structure.FieldOrder({"dwServiceSidType"})
  public static final class ServiceSidInfo extends Winsvc.ChangeServiceConfig2Info {
    public int dwServiceSidType;
  }

  static final int SERVICE_SID_TYPE_UNRESTRICTED = 1;

  /** The calling thread's last Win32 error, as an exception naming what failed. */
  static ServiceException lastError(String what) {
    int code = Native.getLastError();
    return error(code, what);
  }

  static ServiceException error(int code, String what) {
    String text;
    try {
      text = Kernel32Util.formatMessage(code).strip();
    } catch (RuntimeException e) {
      text = "error " + code;
    }
    return new ServiceException(code, what + ": " + text + " (" + code + ")");
  }

  /**
   * {@code lpDependencies}: names separated by NUL, ending with two NULs (JNA adds the last), or
   * null for none.
   */
  static String multiString(List<String> names) {
    return names.isEmpty() ? null : String.join("\0", names) + "\0";
  }
}
