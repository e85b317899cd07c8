// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Files on the host where the DNS server runs: this machine, or another one reached over SSH. Paths
 * are absolute paths on that host. Zone names never become paths here directly: backends build them
 * with {@link ZoneFiles#pathFor}.
 */
public interface HostFiles {

  /** Writes a file's bytes. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a file atomically: to a temporary name in the same directory, synced, then renamed over
   * {@code path}, so a reader (or a crash) sees the old file or the new one, never half of one.
   * Creates missing parent directories. The file is readable by its owner and group only.
   */
  void write(Path path, Content content) throws BackendException;

  /** Opens a file to read; empty if it does not exist. The caller closes the stream. */
  Optional<InputStream> read(Path path) throws BackendException;

  /** Deletes a file; true if it existed. */
  boolean delete(Path path) throws BackendException;

  /** True if a regular file exists at {@code path}. */
  boolean exists(Path path) throws BackendException;

  /** True if a directory exists at {@code path}. */
  default boolean isDirectory(Path path) throws BackendException {
    throw new BackendException(
        BackendException.Kind.INTERNAL, "this host cannot check directories: " + path);
  }

  /** Names of the regular files in a directory; empty if the directory does not exist. */
  List<String> list(Path directory) throws BackendException;

  /** Creates a directory and its parents, owner and group only; nothing if it exists. */
  void createDirectories(Path directory) throws BackendException;

  /**
   * Sets an existing file's modification time to now, as precisely as the host's clock allows, for
   * servers that reload a file only when it looks newer than their last load.
   */
  default void touch(Path path) throws BackendException {
    throw new BackendException(
        BackendException.Kind.INTERNAL, "this host cannot set modification times: " + path);
  }

  /**
   * True when the files are on the agent's own host, so a backend may also use local file
   * operations on them (hard links, a local checker such as named-checkzone).
   */
  default boolean isLocal() {
    return false;
  }
}
