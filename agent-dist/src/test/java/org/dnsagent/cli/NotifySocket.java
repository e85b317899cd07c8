// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A UNIX datagram socket bound where {@code $NOTIFY_SOCKET} will point, standing in for systemd:
 * what the agent sends arrives here.
 */
final class NotifySocket implements AutoCloseable {
  private static final int MSG_DONTWAIT = 0x40;
  private static final int EAGAIN = 11;

  interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final int fd;
  final String name;

  /** Binds {@code name}: a path, or {@code @name} in the abstract namespace. */
  NotifySocket(String name) {
    this.name = name;
    byte[] address = SystemdNotify.sockaddr(name);
    fd = LibC.C.socket(SystemdNotify.AF_UNIX, SystemdNotify.SOCK_DGRAM, 0);
    LibC.C.bind(fd, address, address.length);
  }

  /** The next datagram, waiting up to {@code timeout}. */
  Optional<String> receive(Duration timeout) throws InterruptedException {
    byte[] buffer = new byte[4096];
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        long n = LibC.C.recv(fd, buffer, buffer.length, MSG_DONTWAIT);
        return Optional.of(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EAGAIN) {
          throw e;
        }
      }
      Thread.sleep(10);
    }
    return Optional.empty();
  }

  /** Datagrams until one contains {@code text}; fails after {@code timeout}. */
  String await(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      Optional<String> m = receive(Duration.ofMillis(200));
      if (m.isPresent()) {
        if (m.get().contains(text)) {
          return m.get();
        }
        seen.append('[').append(m.get()).append("] ");
      }
    }
    throw new AssertionError("no " + text + " within " + timeout + "; got " + seen);
  }

  @Override
  public void close() {
    LibC.C.close(fd);
  }
}
