// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Zone files written by tests. */
final class TestZones {
  private TestZones() {}

  static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The SOA and NS lines of a zone whose origin is set from the file name. */
  static String header(long serial) {
    return "$TTL 300\n"
        + "@ IN SOA ns1 hostmaster ( "
        + serial
        + " 3600 600 86400 60 )\n"
        + "@ IN NS ns1\n"
        + "ns1 IN A 192.0.2.1\n";
  }

  /** A small zone: SOA, NS, glue, and {@code hosts} A records named h0..h(n-1). */
  static String small(long serial, int hosts) {
    StringBuilder sb = new StringBuilder(header(serial));
    for (int i = 0; i < hosts; i++) {
      sb.append("h").append(i).append(" IN A 10.0.").append(i / 250).append('.');
      sb.append(i % 250 + 1).append('\n');
    }
    return sb.toString();
  }

  static Path write(Path dir, String fileName, String content) throws IOException {
    Path file = dir.resolve(fileName);
    // Write then rename, as editors and deploy tools do, so the watcher never sees half a file.
    Path tmp = dir.resolve("." + fileName + ".tmp");
    Files.writeString(tmp, content);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** Rewrites the file in place (same inode), as a plain editor save does. */
  static Path overwrite(Path dir, String fileName, String content) throws IOException {
    Path file = dir.resolve(fileName);
    Files.writeString(file, content);
    return file;
  }

  /** The records of a zone text, parsed independently of the master. */
  static List<Record> parse(String text, Name origin) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master m =
        new Master(
            new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            origin)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        records.add(r);
      }
    }
    return records;
  }
}
