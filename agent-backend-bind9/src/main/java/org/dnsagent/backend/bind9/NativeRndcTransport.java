// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.Durations;
import org.dnsagent.spi.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks named's control protocol directly over one persistent TCP connection, opened on first use
 * and reopened after a failure. Commands are serialised on that connection (named runs control
 * commands one at a time anyway); waiting for the connection counts against the command's timeout.
 */
public final class NativeRndcTransport implements RndcTransport {
  private static final Logger log = LoggerFactory.getLogger(NativeRndcTransport.class);

  private final InetSocketAddress address;
  private final RndcKey key;
  private final Duration timeout;

  /** named rejects a repeated (serial, time) pair; start at a random serial as rndc does. */
  private final AtomicLong serials = new AtomicLong(new SecureRandom().nextInt() & 0xFFFF_FFFFL);

  private final ReentrantLock lock = new ReentrantLock();
  private RndcConnection connection; // guarded by lock
  private boolean closed; // guarded by lock

  public NativeRndcTransport(InetSocketAddress address, RndcKey key, Duration timeout) {
    this.address = requireNonNull(address, "address is null");
    this.key = requireNonNull(key, "key is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public RndcResponse execute(List<String> command) throws BackendException {
    String line = String.join(" ", command);
    String verb = command.isEmpty() ? "" : command.get(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "rndc "
                + verb
                + ": control channel to "
                + where()
                + " busy for "
                + Durations.seconds(timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, "rndc " + verb + ": interrupted", e);
    }
    try {
      if (closed) {
        throw new BackendException(Kind.INTERNAL, "rndc transport is closed");
      }
      boolean reused = connection != null;
      try {
        return send(line, deadline);
      } catch (IOException e) {
        disconnect();
        // A reused connection may simply have been closed by named while idle: retry once on a
        // fresh one. Our commands are idempotent (addzone answers "exists", delzone "not found").
        if (reused && !(e instanceof SocketTimeoutException) && System.nanoTime() < deadline) {
          log.debug("control connection to {} failed ({}); reconnecting", where(), e.toString());
          try {
            return send(line, deadline);
          } catch (IOException again) {
            disconnect();
            throw translate(verb, again);
          }
        }
        throw translate(verb, e);
      }
    } finally {
      lock.unlock();
    }
  }

  private RndcResponse send(String line, long deadline) throws IOException {
    if (connection == null) {
      connection = RndcConnection.open(address, key, serials::incrementAndGet, deadline);
    }
    return connection.execute(line, deadline);
  }

  private BackendException translate(String verb, IOException e) {
    String prefix = "rndc " + verb + " via " + where() + ": ";
    if (e instanceof RndcConnection.HandshakeRefusedException
        || e instanceof IsccCodec.BadSignatureException) {
      return new BackendException(
          Kind.MISCONFIGURED,
          prefix
              + "named refused the control connection: check that key '"
              + key.name()
              + "' ("
              + key.algorithm().bindName()
              + ") and its secret match named's controls statement, and that this address is in"
              + " its allow list",
          e);
    }
    if (e instanceof SocketTimeoutException) {
      return new BackendException(
          Kind.UNAVAILABLE,
          prefix + "no answer within " + Durations.seconds(timeout) + " (named down or busy)",
          e);
    }
    if (e instanceof ConnectException) {
      return new BackendException(
          Kind.UNAVAILABLE, prefix + "cannot connect: " + e.getMessage(), e);
    }
    return new BackendException(Kind.UNAVAILABLE, prefix + e, e);
  }

  private String where() {
    return HostPort.format(address);
  }

  private void disconnect() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException ignored) {
        // the connection is being discarded anyway
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      disconnect();
    } finally {
      lock.unlock();
    }
  }
}
