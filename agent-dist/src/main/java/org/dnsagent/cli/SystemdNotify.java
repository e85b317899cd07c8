// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol ({@code sd_notify(3)}): one datagram per message to the UNIX socket
 * {@code $NOTIFY_SOCKET} names (a path, or {@code @name} in the abstract namespace), sent with
 * socket(2)/sendto(2) through JNA since the JDK has no UNIX datagram sockets. Without {@code
 * $NOTIFY_SOCKET} (not started by systemd with {@code Type=notify}) every call does nothing.
 */
final class SystemdNotify implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

  static final int AF_UNIX = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int MSG_NOSIGNAL = 0x4000;
  static final int SUN_PATH_MAX = 108;

  /** The few libc calls used, bound through JNA with errno reported as exceptions. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen)
        throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final byte[] address;
  private final Optional<Duration> watchdog;
  private LibC libc;
  private int fd = -1;
  private boolean broken;

  private SystemdNotify(byte[] address, Optional<Duration> watchdog) {
    this.address = address;
    this.watchdog = watchdog;
  }

  /** From {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} in {@code env}. */
  static SystemdNotify fromEnvironment(Map<String, String> env) {
    String socket = env.get("NOTIFY_SOCKET");
    byte[] address = socket == null || socket.isEmpty() ? null : sockaddr(socket);
    Optional<Duration> watchdog = Optional.empty();
    String usec = env.get("WATCHDOG_USEC");
    String pid = env.get("WATCHDOG_PID");
    boolean forUs = pid == null || pid.equals(Long.toString(ProcessHandle.current().pid()));
    if (address != null && usec != null && forUs) {
      try {
        long micros = Long.parseLong(usec.trim());
        if (micros > 0) {
          watchdog = Optional.of(Duration.ofNanos(micros * 1000));
        }
      } catch (NumberFormatException e) {
        log.warn("WATCHDOG_USEC={} is not a number of microseconds; no watchdog pings", usec);
      }
    }
    return new SystemdNotify(address, watchdog);
  }

  /** Whether systemd listens ({@code $NOTIFY_SOCKET} was set and usable). */
  boolean enabled() {
    return address != null;
  }

  /** How often systemd wants {@code WATCHDOG=1}: half of {@code WATCHDOG_USEC}, if set. */
  Optional<Duration> watchdogInterval() {
    return watchdog.map(d -> d.dividedBy(2));
  }

  /** {@code struct sockaddr_un} for a path, or for {@code @name} in the abstract namespace. */
  static byte[] sockaddr(String socket) {
    byte[] path = socket.getBytes(StandardCharsets.UTF_8);
    boolean isAbstract = path[0] == '@';
    if (path.length >= SUN_PATH_MAX || (!isAbstract && path[0] != '/')) {
      log.warn("NOTIFY_SOCKET={} is not a usable socket address; not notifying systemd", socket);
      return null;
    }
    // sun_family (native order), then the path: NUL-terminated, or abstract with a leading NUL
    // and exactly its length.
    int length = 2 + path.length + (isAbstract ? 0 : 1);
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_UNIX);
    b.put(path);
    byte[] out = b.array();
    if (isAbstract) {
      out[2] = 0;
    }
    return out;
  }

  /** Sends one message ({@code KEY=value} lines); failures are logged once and ignored. */
  synchronized void send(String message) {
    if (address == null || broken) {
      return;
    }
    try {
      if (fd < 0) {
        libc = Native.load("c", LibC.class);
        fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      }
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      libc.sendto(fd, bytes, bytes.length, MSG_NOSIGNAL, address, address.length);
    } catch (LinkageError | RuntimeException e) {
      // LastErrorException (errno), or JNA unable to load on this platform.
      broken = true;
      log.warn("cannot notify systemd ({}); going on without", e.getMessage());
    }
  }

  void ready(String status) {
    send("READY=1\nSTATUS=" + status + "\nMAINPID=" + ProcessHandle.current().pid());
  }

  void status(String status) {
    send("STATUS=" + status);
  }

  void stopping() {
    send("STOPPING=1\nSTATUS=stopping");
  }

  void watchdogPing() {
    send("WATCHDOG=1");
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      try {
        libc.close(fd);
      } catch (LastErrorException e) {
        // nothing to do
      }
      fd = -1;
    }
  }
}
