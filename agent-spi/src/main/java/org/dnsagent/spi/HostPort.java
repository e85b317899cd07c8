// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code host:port} items the way designate.conf writes them. */
public final class HostPort {
  private HostPort() {}

  /**
   * Parses {@code 192.0.2.1:5354}, {@code [2001:db8::1]:53}, {@code 2001:db8::1} (bare v6, no
   * port), or a bare host that gets {@code defaultPort}. Literal addresses are not resolved; names
   * are resolved once, now.
   *
   * @throws IllegalArgumentException with a reason fit for an error message
   */
  public static InetSocketAddress parse(String text, int defaultPort) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    String host;
    int port = defaultPort;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in IPv6 address");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("expected ':port' after ']'");
        }
        port = parsePort(rest.substring(1));
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && s.indexOf(':') == colon) {
        host = s.substring(0, colon);
        port = parsePort(s.substring(colon + 1));
      } else {
        host = s; // bare host, or bare IPv6 literal with several colons
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host '" + host + "'");
    }
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + text + " out of range 0-65535");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + text + "' is not a number");
    }
  }

  /** Formats an address as {@code host:port} or {@code [v6]:port}. */
  public static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip != null ? ip.getHostAddress() : address.getHostString();
    if (host.contains(":")) {
      return "[" + host + "]:" + address.getPort();
    }
    return host + ":" + address.getPort();
  }
}
