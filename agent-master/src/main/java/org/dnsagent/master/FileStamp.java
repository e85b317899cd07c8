// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * What a file looked like when it was read: modification time, size, identity (inode) and a
 * checksum of its content. A missing file has size -1.
 */
record FileStamp(Path path, long modifiedNanos, long size, Object fileKey, long checksum) {
  /** Stats and checksums {@code path}. */
  static FileStamp read(Path path) {
    FileStamp meta = metadata(path);
    return new FileStamp(path, meta.modifiedNanos, meta.size, meta.fileKey, checksum(path));
  }

  private static FileStamp metadata(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new FileStamp(
          path, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), a.fileKey(), 0);
    } catch (IOException e) {
      return new FileStamp(path, -1, -1, null, 0);
    }
  }

  /** Whether the file's time, size or identity differ from this stamp: one {@code stat}. */
  boolean metadataChanged() {
    FileStamp now = metadata(path);
    return now.modifiedNanos != modifiedNanos
        || now.size != size
        || !Objects.equals(now.fileKey, fileKey);
  }

  /** Whether the file's content differs from this stamp; reads the whole file. */
  boolean contentChanged() {
    return checksum(path) != checksum;
  }

  private static long checksum(Path path) {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
      }
      return crc.getValue();
    } catch (IOException e) {
      return -1;
    }
  }
}
