// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's own host: programs through a {@link CommandRunner}, files through {@link ZoneFiles}.
 */
public final class LocalHostAccess implements HostAccess {
  private static final HostFiles FILES = new LocalFiles();

  private final CommandRunner commands;
  private final HostFiles files = FILES;

  /** This host's files, for code that places files but runs no programs. */
  public static HostFiles localFiles() {
    return FILES;
  }

  public LocalHostAccess(CommandRunner commands) {
    this.commands = requireNonNull(commands, "commands is null");
  }

  @Override
  public String description() {
    return "local";
  }

  @Override
  public CommandRunner commands() {
    return commands;
  }

  @Override
  public HostFiles files() {
    return files;
  }

  private static BackendException failure(String what, Path path, IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new BackendException(
          BackendException.Kind.MISCONFIGURED,
          "cannot " + what + " " + path + ": permission denied",
          e);
    }
    return new BackendException(
        BackendException.Kind.UNAVAILABLE,
        "cannot " + what + " " + path + ": " + e.getMessage(),
        e);
  }

  private static final class LocalFiles implements HostFiles {
    @Override
    public boolean isLocal() {
      return true;
    }

    @Override
    public void write(Path path, Content content) throws BackendException {
      try {
        ZoneFiles.writeBytesAtomically(path, content);
      } catch (IOException e) {
        throw failure("write", path, e);
      }
    }

    @Override
    public Optional<InputStream> read(Path path) throws BackendException {
      if (!path.toFile().exists()) {
        return Optional.empty(); // java.io.File says so without an exception: this runs often
      }
      try {
        return Optional.of(Channels.newInputStream(java.nio.channels.FileChannel.open(path)));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw failure("read", path, e);
      }
    }

    @Override
    public boolean delete(Path path) throws BackendException {
      try {
        boolean existed = Files.deleteIfExists(path);
        if (existed) {
          ZoneFiles.syncDirectory(path.toAbsolutePath().getParent());
        }
        return existed;
      } catch (IOException e) {
        throw failure("delete", path, e);
      }
    }

    @Override
    public boolean exists(Path path) {
      return path.toFile().isFile();
    }

    @Override
    public boolean isDirectory(Path path) {
      return path.toFile().isDirectory();
    }

    @Override
    public List<String> list(Path directory) throws BackendException {
      if (!directory.toFile().isDirectory()) {
        return List.of();
      }
      try (Stream<Path> entries = Files.list(directory)) {
        List<String> names = new ArrayList<>();
        entries.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        return names;
      } catch (IOException e) {
        throw failure("list", directory, e);
      }
    }

    @Override
    public void touch(Path path) throws BackendException {
      try {
        Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
      } catch (IOException e) {
        throw failure("stamp", path, e);
      }
    }

    @Override
    public void createDirectories(Path directory) throws BackendException {
      try {
        FileModes.createDirectories(directory);
      } catch (IOException e) {
        throw failure("create", directory, e);
      }
    }
  }
}
