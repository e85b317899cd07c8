// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dnsagent.spi.MasterServer;

/**
 * The one template for the zone options given to {@code addzone}: {@code { type ...; file "...";
 * ... };}. Every value that is not a fixed keyword is either quoted (file names, key and policy
 * names) or checked to be an address; {@link #quote} refuses what BIND's quoting cannot carry.
 */
public record ZoneStanza(
    ZoneMode mode,
    Path file,
    List<MasterServer> primaries,
    List<String> allowTransfer,
    List<InetSocketAddress> alsoNotify,
    Optional<String> dnssecPolicy,
    Optional<Boolean> inlineSigning) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final List<String> NAMED_ACLS = List.of("any", "none", "localhost", "localnets");

  public ZoneStanza {
    requireNonNull(mode, "mode is null");
    requireNonNull(file, "file is null");
    primaries = List.copyOf(primaries);
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
    requireNonNull(dnssecPolicy, "dnssecPolicy is null");
    requireNonNull(inlineSigning, "inlineSigning is null");
    if (mode == ZoneMode.SECONDARY && primaries.isEmpty()) {
      throw new IllegalArgumentException("a secondary zone needs at least one primary");
    }
  }

  /** The options block, for example {@code { type primary; file "/var/lib/x.zone"; };}. */
  public String render() {
    StringBuilder sb = new StringBuilder("{ type ").append(mode.bindType()).append("; ");
    sb.append("file ").append(quote(file.toString())).append("; ");
    if (mode == ZoneMode.SECONDARY) {
      sb.append("primaries { ");
      for (MasterServer m : primaries) {
        sb.append(address(m.address().getAddress())).append(" port ").append(m.address().getPort());
        m.key().ifPresent(k -> sb.append(" key ").append(quote(k.name())));
        sb.append("; ");
      }
      sb.append("}; ");
    }
    if (!allowTransfer.isEmpty()) {
      sb.append("allow-transfer { ");
      allowTransfer.forEach(e -> sb.append(addressMatchElement(e)).append("; "));
      sb.append("}; ");
    }
    if (!alsoNotify.isEmpty()) {
      sb.append("also-notify { ");
      for (InetSocketAddress a : alsoNotify) {
        sb.append(address(a.getAddress())).append(" port ").append(a.getPort()).append("; ");
      }
      sb.append("}; ");
    }
    dnssecPolicy.ifPresent(p -> sb.append("dnssec-policy ").append(quote(p)).append("; "));
    inlineSigning.ifPresent(
        i -> sb.append("inline-signing ").append(i ? "yes" : "no").append("; "));
    return sb.append("};").toString();
  }

  /**
   * Quotes a string for named's configuration parser. Inside quotes named treats a backslash as an
   * escape only before a quote and ends the string at an unescaped quote or newline, so a value
   * with quotes, backslashes or control characters cannot be carried safely: it is refused.
   *
   * @throws IllegalArgumentException if the value holds {@code "}, {@code \} or a control char
   */
  public static String quote(String value) {
    requireNonNull(value, "value is null");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            String.format(
                "'%s' holds character 0x%02x, which cannot be quoted for named",
                printable(value), (int) c));
      }
    }
    return "\"" + value + "\"";
  }

  /**
   * Checks and renders one {@code allow-transfer} element: an IP address or prefix, {@code any},
   * {@code none}, {@code localhost}, {@code localnets} or {@code key NAME}, optionally negated with
   * {@code !}.
   *
   * @throws IllegalArgumentException if the element is none of these
   */
  public static String addressMatchElement(String element) {
    String e = element.strip();
    String prefix = "";
    if (e.startsWith("!")) {
      prefix = "!";
      e = e.substring(1).strip();
    }
    String lower = e.toLowerCase(Locale.ROOT);
    if (NAMED_ACLS.contains(lower)) {
      return prefix + lower;
    }
    if (lower.startsWith("key ")) {
      return prefix + "key " + quote(e.substring(4).strip());
    }
    String ip = e;
    String length = null;
    int slash = e.indexOf('/');
    if (slash >= 0) {
      ip = e.substring(0, slash);
      length = e.substring(slash + 1);
    }
    InetAddress address = literal(ip, element);
    if (length != null) {
      int max = address.getAddress().length * 8;
      int bits;
      try {
        bits = Integer.parseInt(length);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("'" + element + "': bad prefix length", ex);
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("'" + element + "': prefix length out of range");
      }
      return prefix + address(address) + "/" + bits;
    }
    return prefix + address(address);
  }

  private static InetAddress literal(String ip, String element) {
    if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
      throw new IllegalArgumentException(
          "'" + element + "' is not an address, prefix, any, none, localhost, localnets or key");
    }
    try {
      return InetAddress.getByName(ip); // a literal: no lookup happens
    } catch (UnknownHostException ex) {
      throw new IllegalArgumentException("'" + element + "' is not a valid address", ex);
    }
  }

  private static String address(InetAddress address) {
    return address.getHostAddress();
  }

  private static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    return sb.toString();
  }
}
