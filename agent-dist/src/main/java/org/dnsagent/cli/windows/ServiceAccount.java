// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The account a service runs as, from {@code --account}. */
public final class ServiceAccount {
  /** The default: the service's own virtual account, {@code NT SERVICE\<name>}. */
  public static final String VIRTUAL = "virtual";

  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

  private ServiceAccount() {}

  /** A service name: letters, digits, {@code . _ -}; it is also part of the virtual account. */
  public static String checkName(String name) {
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "service name '"
              + name
              + "': use 1 to 80 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return name;
  }

  /**
   * {@code lpServiceStartName} for {@code --account}: {@code virtual} (default) is {@code NT
   * SERVICE\<name>}, {@code LocalService} and {@code NetworkService} their {@code NT AUTHORITY}
   * accounts, {@code LocalSystem} is empty (the SCM's null); anything else ({@code DOMAIN\name},
   * {@code DOMAIN\gmsa$}, {@code .\name}) is taken as it is.
   */
  public static Optional<String> resolve(String option, String serviceName) {
    String a = option == null ? "" : option.strip();
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c < 0x20 || c == '"' || c == 0x7f) {
        throw new IllegalArgumentException("account: control characters and quotes are refused");
      }
    }
    return switch (a.toLowerCase(Locale.ROOT)) {
      case "", VIRTUAL -> Optional.of("NT SERVICE\\" + checkName(serviceName));
      case "localservice", "nt authority\\localservice", "nt authority\\local service" ->
          Optional.of("NT AUTHORITY\\LocalService");
      case "networkservice", "nt authority\\networkservice", "nt authority\\network service" ->
          Optional.of("NT AUTHORITY\\NetworkService");
      case "localsystem", "system", "nt authority\\system" -> Optional.empty();
      default -> {
        if (!a.contains("\\") && !a.contains("@")) {
          throw new IllegalArgumentException(
              "account '"
                  + a
                  + "': use virtual, LocalService, NetworkService, LocalSystem, DOMAIN\\name,"
                  + " DOMAIN\\gmsa$ or .\\name");
        }
        yield Optional.of(a);
      }
    };
  }

  /**
   * Whether the SCM needs a password for the account: not for LocalSystem, the {@code NT AUTHORITY}
   * and {@code NT SERVICE} accounts, nor a group managed service account ({@code $}).
   */
  public static boolean needsPassword(Optional<String> account) {
    if (account.isEmpty()) {
      return false;
    }
    String a = account.get().toUpperCase(Locale.ROOT);
    return !(a.startsWith("NT SERVICE\\") || a.startsWith("NT AUTHORITY\\") || a.endsWith("$"));
  }
}
