// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Host and port helpers shared by the pool classes. */
final class Endpoints {
  private Endpoints() {}

  /** {@code host:port}, or {@code [v6]:port}. */
  static String format(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static String format(InetSocketAddress address) {
    String host =
        address.getAddress() != null
            ? address.getAddress().getHostAddress()
            : address.getHostString();
    return format(host, address.getPort());
  }

  /** Resolves now; an unknown name is an error the caller reports for that one server. */
  static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException("unknown host '" + host + "'");
    }
    return address;
  }
}
