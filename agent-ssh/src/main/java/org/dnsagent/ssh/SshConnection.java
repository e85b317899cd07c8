// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection to the DNS server's host, shared by every command and file transfer: opened on
 * first use, re-opened when it dropped. At most {@code ssh_max_channels} channels are open at once;
 * idle SFTP channels are kept for the next transfer and count against that bound, and one is closed
 * when a command needs its place.
 */
final class SshConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SshConnection.class);
  private static final int KEEPALIVE_COUNT_MAX = 3;

  private final SshSettings settings;
  private final JSch jsch;
  private final Semaphore channels;
  private final BlockingDeque<PooledSftp> idleSftp = new LinkedBlockingDeque<>();
  private Session session;
  private boolean closed;

  /** An SFTP channel and the session it belongs to. */
  record PooledSftp(Session session, ChannelSftp channel) {}

  /**
   * Reads the key and the known hosts; does not connect.
   *
   * @throws ConfigException if the key or the known hosts file cannot be used
   */
  SshConnection(SshSettings settings, String section) {
    this.settings = requireNonNull(settings, "settings is null");
    this.channels = new Semaphore(settings.maxChannels(), true);
    this.jsch = new JSch();
    jsch.setInstanceLogger(new JschLog());
    try {
      jsch.setKnownHosts(settings.knownHostsFile().toString());
    } catch (JSchException e) {
      throw new ConfigException(
          section,
          "ssh_known_hosts_file",
          settings.knownHostsFile().toString(),
          "cannot read: " + e.getMessage());
    }
    try {
      jsch.addIdentity(settings.keyFile().toString(), settings.passphrase().orElse(null));
    } catch (JSchException e) {
      String why =
          settings.passphrase().isPresent()
              ? "not a private key, or the passphrase in ssh_key_passphrase_file is wrong"
              : "not a private key, or it needs a passphrase (ssh_key_passphrase_file)";
      throw new ConfigException(
          section,
          "ssh_key_file",
          settings.keyFile().toString(),
          why + " (" + e.getMessage() + ")");
    }
  }

  SshSettings settings() {
    return settings;
  }

  /** The connected session, opened (again) if needed. */
  synchronized Session session() throws BackendException {
    if (closed) {
      throw new BackendException(Kind.UNAVAILABLE, settings.describe() + ": closed");
    }
    if (session != null && session.isConnected()) {
      return session;
    }
    if (session != null) {
      log.info("{}: connection dropped; connecting again", settings.describe());
      session.disconnect();
      session = null;
    }
    Session fresh;
    try {
      fresh = jsch.getSession(settings.user(), settings.host(), settings.port());
    } catch (JSchException e) {
      throw new BackendException(Kind.MISCONFIGURED, settings.describe() + ": " + e.getMessage());
    }
    fresh.setConfig("StrictHostKeyChecking", "yes");
    fresh.setConfig("PreferredAuthentications", "publickey");
    fresh.setConfig("HashKnownHosts", "no");
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    try {
      if (!settings.keepalive().isZero()) {
        fresh.setServerAliveInterval(
            (int) Math.min(Integer.MAX_VALUE, settings.keepalive().toMillis()));
        fresh.setServerAliveCountMax(KEEPALIVE_COUNT_MAX);
      }
      fresh.connect(timeoutMillis);
    } catch (JSchException e) {
      fresh.disconnect();
      throw connectFailure(e);
    }
    log.info("{}: connected", settings.describe());
    session = fresh;
    return fresh;
  }

  /** The one-line error for a failed connection. */
  private BackendException connectFailure(JSchException e) {
    String where = settings.describe();
    if (e instanceof JSchChangedHostKeyException) {
      return new BackendException(
          Kind.MISCONFIGURED,
          where
              + ": host key refused: it differs from the key for this host in "
              + settings.knownHostsFile()
              + " (ssh_known_hosts_file); replace that line only if the server's key really"
              + " changed");
    }
    if (e instanceof JSchHostKeyException) {
      return new BackendException(
          Kind.MISCONFIGURED,
          where
              + ": host key refused: no key for this host in "
              + settings.knownHostsFile()
              + " (ssh_known_hosts_file); add the server's key there (see docs/configuration.md)");
    }
    Throwable cause = e.getCause();
    if (cause instanceof ConnectException
        || cause instanceof SocketTimeoutException
        || cause instanceof UnknownHostException) {
      return new BackendException(Kind.UNAVAILABLE, where + ": cannot connect: " + cause, e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Auth fail") || message.contains("Auth cancel")) {
      return new BackendException(
          Kind.MISCONFIGURED,
          where
              + ": login refused for key "
              + settings.keyFile()
              + " (ssh_key_file): add its public key to the remote user's authorized_keys");
    }
    return new BackendException(
        Kind.UNAVAILABLE, where + ": cannot connect: " + message.replace('\n', ' '), e);
  }

  /**
   * Takes a place for one channel, waiting until {@code deadline} ({@link System#nanoTime()}); an
   * idle SFTP channel is closed to make room if need be.
   */
  void acquire(long deadline, String what) throws BackendException {
    try {
      while (true) {
        if (channels.tryAcquire()) {
          return;
        }
        PooledSftp idle = idleSftp.pollFirst();
        if (idle != null) {
          idle.channel().disconnect(); // its place is now ours
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new BackendException(
              Kind.UNAVAILABLE,
              settings.describe()
                  + ": all "
                  + settings.maxChannels()
                  + " channels busy (ssh_max_channels); "
                  + what
                  + " gave up waiting");
        }
        if (channels.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), NANOS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(Kind.UNAVAILABLE, what + ": interrupted", e);
    }
  }

  private static final TimeUnit NANOS = TimeUnit.NANOSECONDS;

  /** Gives back a place taken with {@link #acquire}. */
  void release() {
    channels.release();
  }

  /** Opens an exec channel (a place must be held). A connection found dropped is re-opened once. */
  ChannelExec openExec() throws BackendException {
    return (ChannelExec) open("exec");
  }

  private Channel open(String type) throws BackendException {
    for (int attempt = 1; ; attempt++) {
      Session current = session();
      try {
        return current.openChannel(type);
      } catch (JSchException e) {
        if (attempt >= 2 || current.isConnected()) {
          throw new BackendException(
              Kind.UNAVAILABLE,
              settings.describe() + ": cannot open a channel: " + e.getMessage(),
              e);
        }
        log.debug("{}: session down while opening a channel; reconnecting", settings.describe());
      }
    }
  }

  /**
   * Connects a channel; if the connection turns out to have dropped, drops the session so that the
   * next attempt opens a new one, and says whether to try again.
   */
  boolean connect(Channel channel, String what) throws BackendException {
    try {
      channel.connect(timeoutMillis());
      return true;
    } catch (JSchException e) {
      channel.disconnect();
      Session s;
      try {
        s = channel.getSession();
      } catch (JSchException gone) {
        s = null;
      }
      if (s != null && dropped(s)) {
        forget(s);
        return false;
      }
      throw new BackendException(
          Kind.UNAVAILABLE, settings.describe() + ": " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the session has dropped. A failure on a connection the server just closed can come
   * before JSch has read the close: give it a moment (only failures pay this).
   */
  static boolean dropped(Session session) {
    for (int i = 0; i < 20 && session.isConnected(); i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return !session.isConnected();
  }

  private synchronized void forget(Session dropped) {
    if (session == dropped) {
      session.disconnect();
      session = null;
    }
  }

  int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
  }

  /** An SFTP channel: an idle one of this session, else a new one (a place must be held). */
  ChannelSftp borrowSftp(long deadline) throws BackendException {
    while (true) {
      PooledSftp idle = idleSftp.pollFirst();
      if (idle == null) {
        break;
      }
      if (idle.channel().isConnected() && idle.session().isConnected()) {
        return idle.channel();
      }
      idle.channel().disconnect();
      channels.release();
    }
    acquire(deadline, "file transfer");
    try {
      for (int attempt = 1; attempt <= 2; attempt++) {
        ChannelSftp sftp = (ChannelSftp) open("sftp");
        if (connect(sftp, "cannot start SFTP")) {
          return sftp;
        }
      }
      throw new BackendException(
          Kind.UNAVAILABLE, settings.describe() + ": connection dropped twice while starting SFTP");
    } catch (BackendException | RuntimeException e) {
      channels.release();
      throw e;
    }
  }

  /** Returns an SFTP channel after use; a broken one is closed. */
  void returnSftp(ChannelSftp sftp, boolean healthy) {
    Session s;
    try {
      s = sftp.getSession();
    } catch (JSchException e) {
      s = null;
    }
    if (healthy && !closedNow() && s != null && s.isConnected() && sftp.isConnected()) {
      idleSftp.offerFirst(new PooledSftp(s, sftp));
    } else {
      sftp.disconnect();
      channels.release();
    }
  }

  private synchronized boolean closedNow() {
    return closed;
  }

  /** Drops the connection if it is up (for tests: the next use connects again). */
  synchronized void disconnect() {
    if (session != null) {
      session.disconnect();
      session = null;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      disconnect();
    }
    for (PooledSftp idle = idleSftp.pollFirst(); idle != null; idle = idleSftp.pollFirst()) {
      idle.channel().disconnect();
      channels.release();
    }
  }
}
