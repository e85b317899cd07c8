// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import static java.util.Objects.requireNonNull;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.HostFiles;

/**
 * Files on the remote host over SFTP. A write goes to a temporary name in the target's directory,
 * gets mode 0640, and is renamed over the target with OpenSSH's {@code posix-rename@openssh.com}
 * (an atomic rename(2)), so a reader sees the old file or the new one, never part of one.
 */
final class SftpFiles implements HostFiles {
  private static final int FILE_MODE = 0640;
  private static final int DIRECTORY_MODE = 0750;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshConnection connection;
  private final CommandRunner commands;

  SftpFiles(SshConnection connection, CommandRunner commands) {
    this.connection = requireNonNull(connection, "connection is null");
    this.commands = requireNonNull(commands, "commands is null");
  }

  /** One SFTP action on a borrowed channel. */
  @FunctionalInterface
  private interface Action<T> {
    T run(ChannelSftp sftp) throws SftpException, IOException, BackendException;
  }

  /**
   * Runs an action on a pooled SFTP channel. If the channel turns out to belong to a connection
   * that dropped (the server restarted, say), the action runs once more on a new connection: every
   * action here is idempotent.
   */
  private <T> T withSftp(String what, Path path, Action<T> action) throws BackendException {
    for (int attempt = 1; ; attempt++) {
      long deadline = System.nanoTime() + connection.settings().timeout().toNanos();
      ChannelSftp sftp = connection.borrowSftp(deadline);
      boolean healthy = false;
      try {
        T result = action.run(sftp);
        healthy = true;
        return result;
      } catch (SftpException | IOException e) {
        healthy = !lostConnection(sftp, e);
        if (healthy || attempt >= 2) {
          throw failure(what, path, e);
        }
      } finally {
        connection.returnSftp(sftp, healthy);
      }
    }
  }

  /**
   * Whether a failure came from the connection rather than from the server's answer (a status such
   * as "no such file" or "permission denied" comes from a live server).
   */
  private static boolean lostConnection(ChannelSftp sftp, Exception e) {
    boolean answered =
        e instanceof SftpException s
            && s.getCause() == null
            && s.id != ChannelSftp.SSH_FX_CONNECTION_LOST
            && s.id != ChannelSftp.SSH_FX_NO_CONNECTION;
    if (answered && sftp.isConnected()) {
      return false;
    }
    if (!sftp.isConnected()) {
      return true;
    }
    try {
      return SshConnection.dropped(sftp.getSession());
    } catch (com.jcraft.jsch.JSchException gone) {
      return true;
    }
  }

  private BackendException failure(String what, Path path, Exception e) {
    Kind kind = Kind.UNAVAILABLE;
    String message = e.getMessage();
    if (e instanceof SftpException s && s.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
      kind = Kind.MISCONFIGURED;
      message = "permission denied for " + connection.settings().user();
    }
    return new BackendException(
        kind,
        "cannot " + what + " " + path + " on " + connection.settings().host() + ": " + message,
        e);
  }

  private static String remote(Path path) {
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute path: " + path);
    }
    return path.normalize().toString();
  }

  private static boolean missing(SftpException e) {
    return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE;
  }

  @Override
  public void write(Path path, Content content) throws BackendException {
    String target = remote(path);
    Path parent = path.normalize().getParent();
    String temp =
        remote(parent) + "/." + path.getFileName() + ".tmp-" + HexFormat.of().formatHex(next8());
    withSftp(
        "write",
        path,
        sftp -> {
          boolean renamed = false;
          try {
            try (OutputStream out = create(sftp, temp, parent)) {
              content.writeTo(out);
            }
            sftp.chmod(FILE_MODE, temp);
            sftp.rename(temp, target);
            renamed = true;
          } finally {
            if (!renamed) {
              try {
                sftp.rm(temp);
              } catch (SftpException ignored) {
                // never created, or gone with the connection; start() of a backend sweeps leftovers
              }
            }
          }
          return null;
        });
  }

  /** Creates the file; its directory too if missing (rare, so not checked first). */
  private static OutputStream create(ChannelSftp sftp, String file, Path parent)
      throws SftpException {
    try {
      return sftp.put(file, ChannelSftp.OVERWRITE);
    } catch (SftpException e) {
      if (!missing(e)) {
        throw e;
      }
      mkdirs(sftp, parent);
      return sftp.put(file, ChannelSftp.OVERWRITE);
    }
  }

  private static byte[] next8() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public Optional<InputStream> read(Path path) throws BackendException {
    String file = remote(path);
    for (int attempt = 1; ; attempt++) {
      long deadline = System.nanoTime() + connection.settings().timeout().toNanos();
      ChannelSftp sftp = connection.borrowSftp(deadline);
      InputStream in;
      try {
        in = sftp.get(file);
      } catch (SftpException e) {
        boolean healthy = !lostConnection(sftp, e);
        connection.returnSftp(sftp, healthy);
        if (healthy && missing(e)) {
          return Optional.empty();
        }
        if (healthy || attempt >= 2) {
          throw failure("read", path, e);
        }
        continue; // a channel of a dropped connection: once more on a new one
      } catch (RuntimeException e) {
        connection.returnSftp(sftp, false);
        throw e;
      }
      return Optional.of(new ReturningStream(in, sftp));
    }
  }

  /** A file being read; closing it gives its channel back to the pool. */
  private final class ReturningStream extends FilterInputStream {
    private final ChannelSftp sftp;
    private boolean returned;

    ReturningStream(InputStream in, ChannelSftp sftp) {
      super(in);
      this.sftp = sftp;
    }

    @Override
    public void close() throws IOException {
      if (returned) {
        return;
      }
      returned = true;
      boolean healthy = true;
      try {
        super.close();
      } catch (IOException e) {
        healthy = false;
        throw e;
      } finally {
        connection.returnSftp(sftp, healthy);
      }
    }
  }

  @Override
  public boolean delete(Path path) throws BackendException {
    String file = remote(path);
    return withSftp(
        "delete",
        path,
        sftp -> {
          try {
            sftp.rm(file);
            return true;
          } catch (SftpException e) {
            if (missing(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public boolean exists(Path path) throws BackendException {
    String file = remote(path);
    return withSftp(
        "check",
        path,
        sftp -> {
          SftpATTRS attrs = stat(sftp, file);
          return attrs != null && attrs.isReg();
        });
  }

  @Override
  public boolean isDirectory(Path path) throws BackendException {
    String dir = remote(path);
    return withSftp(
        "check",
        path,
        sftp -> {
          SftpATTRS attrs = stat(sftp, dir);
          return attrs != null && attrs.isDir();
        });
  }

  @Override
  public List<String> list(Path directory) throws BackendException {
    String dir = remote(directory);
    return withSftp(
        "list",
        directory,
        sftp -> {
          List<String> names = new ArrayList<>();
          Vector<ChannelSftp.LsEntry> entries;
          try {
            entries = sftp.ls(dir);
          } catch (SftpException e) {
            if (missing(e)) {
              return names;
            }
            throw e;
          }
          for (ChannelSftp.LsEntry entry : entries) {
            if (entry.getAttrs().isReg()) {
              names.add(entry.getFilename());
            }
          }
          return names;
        });
  }

  /**
   * Runs {@code touch -c} there: SFTP (version 3, what OpenSSH speaks) carries modification times
   * in whole seconds only, which would make a file just written look older than it is.
   */
  @Override
  public void touch(Path path) throws BackendException {
    CommandResult result =
        commands.run(List.of("touch", "-c", "--", remote(path)), connection.settings().timeout());
    if (!result.succeeded()) {
      throw new BackendException(
          Kind.UNAVAILABLE,
          "cannot stamp "
              + path
              + " on "
              + connection.settings().host()
              + ": "
              + result.stderr().strip().replace('\n', ' '));
    }
  }

  @Override
  public void createDirectories(Path directory) throws BackendException {
    withSftp(
        "create",
        directory,
        sftp -> {
          mkdirs(sftp, directory.normalize());
          return null;
        });
  }

  /** Creates each missing directory from the top down, mode 0750. */
  private static void mkdirs(ChannelSftp sftp, Path directory) throws SftpException {
    List<Path> missing = new ArrayList<>();
    for (Path p = directory; p != null && p.getParent() != null; p = p.getParent()) {
      SftpATTRS attrs = stat(sftp, remote(p));
      if (attrs != null) {
        if (!attrs.isDir()) {
          throw new SftpException(ChannelSftp.SSH_FX_FAILURE, p + " is not a directory");
        }
        break;
      }
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        sftp.mkdir(remote(p));
        sftp.chmod(DIRECTORY_MODE, remote(p));
      } catch (SftpException e) {
        SftpATTRS attrs = stat(sftp, remote(p)); // made by someone else meanwhile?
        if (attrs == null || !attrs.isDir()) {
          throw e;
        }
      }
    }
  }

  /** The file's attributes (following links), or null if there is none. */
  private static SftpATTRS stat(ChannelSftp sftp, String path) throws SftpException {
    try {
      return sftp.stat(path);
    } catch (SftpException e) {
      if (missing(e)) {
        return null;
      }
      throw e;
    }
  }
}
