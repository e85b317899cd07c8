// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What a file looked like when it was read: modification time, size and identity (inode). A missing
 * file has size -1.
 */
record FileStamp(Path path, long modifiedNanos, long size, Object fileKey) {
  static FileStamp of(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileStamp(
          path, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), a.fileKey());
    } catch (IOException e) {
      return new FileStamp(path, -1, -1, null);
    }
  }

  /** Whether the file on disk no longer matches this stamp. */
  boolean isStale() {
    return !equals(of(path));
  }
}
