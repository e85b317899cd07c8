// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/**
 * Where a backend's programs run and its files go: the agent's own host, or the DNS server's host
 * over SSH ({@code ssh_host} and friends in the backend's section). Backends that run programs or
 * place files use this, and so work remotely without knowing it.
 */
public interface HostAccess extends AutoCloseable {

  /** For messages: {@code local}, or for example {@code ssh dns@192.0.2.53:22}. */
  String description();

  /** Runs programs on that host: argument lists, never a shell, with timeouts. */
  CommandRunner commands();

  /** Files on that host. */
  HostFiles files();

  /** Closes connections to the host (an SSH session); the local host has none. */
  @Override
  default void close() {}
}
