// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.dnsagent.spi.HostPort;

/** Where the admin endpoint listens: a unix socket, or a loopback TCP port. */
public sealed interface AdminEndpoint {

  SocketAddress socketAddress();

  /** A unix domain socket (the default: {@code state_path/admin.sock}). */
  record Unix(Path path) implements AdminEndpoint {
    @Override
    public SocketAddress socketAddress() {
      return UnixDomainSocketAddress.of(path);
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }

  /** A TCP address on loopback ({@code admin_listen}). */
  record Tcp(InetSocketAddress address) implements AdminEndpoint {
    @Override
    public SocketAddress socketAddress() {
      return address;
    }

    @Override
    public String toString() {
      return HostPort.format(address);
    }
  }

  /**
   * Parses {@code --admin}: a path (anything with a {@code /}) or {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException if it is neither, or not on loopback
   */
  static AdminEndpoint parse(String text) {
    if (text.contains("/")) {
      return new Unix(Path.of(text));
    }
    InetSocketAddress address = HostPort.parse(text, 0);
    if (address.getPort() == 0) {
      throw new IllegalArgumentException("'" + text + "' needs a port (HOST:PORT) or a path");
    }
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the admin endpoint is on loopback only, not " + text);
    }
    return new Tcp(address);
  }
}
