// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The modes of what the agent and its backends create: files 0640 and directories 0750 (owner and
 * group: a DNS server that reads zone files does so through its group), never anything for other
 * users. Where the file system has no POSIX permissions, nothing is set.
 */
public final class FileModes {
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwxr-x---");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private FileModes() {}

  /** Attributes that create a file with mode 0640. */
  public static FileAttribute<?>[] file() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /** Creates {@code dir} and missing parents with mode 0750; existing ones are left as they are. */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    return POSIX
        ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
        : Files.createDirectories(dir);
  }

  /**
   * Why {@code dir} is unsafe to keep state in: it is writable by other users (who could plant or
   * replace files), or empty if it is not.
   */
  public static Optional<String> othersMayWrite(Path dir) throws IOException {
    if (!POSIX || !Files.exists(dir)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      return Optional.of(
          dir
              + " is writable by other users (mode "
              + PosixFilePermissions.toString(perms)
              + "): chmod o-w "
              + dir);
    }
    return Optional.empty();
  }
}
