// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.testing.servers.NamedServer;

/**
 * Writes catalog zones (RFC 9432 version 2) into a real named's directory and reloads them, as a
 * controller producing catalogs would: named then NOTIFYs the consumers and serves AXFR and IXFR
 * ({@code ixfr-from-differences}).
 */
final class CatalogProducer {
  private final NamedServer named;
  private final String catalog;
  private long serial = 1;

  CatalogProducer(NamedServer named, String catalog) {
    this.named = named;
    this.catalog = catalog;
  }

  /** The named.conf statement for the catalog zone, notifying {@code notifyPorts} on loopback. */
  static String zoneStatement(String catalog, List<Integer> notifyPorts) {
    StringBuilder notify = new StringBuilder();
    for (int port : notifyPorts) {
      notify.append("127.0.0.1 port ").append(port).append("; ");
    }
    return "zone \""
        + catalog
        + "\" { type primary; file \""
        + fileName(catalog)
        + "\"; ixfr-from-differences yes; notify explicit; also-notify { "
        + notify
        + "}; allow-transfer { any; }; };\n";
  }

  /** Puts the catalog's zone file, with no members yet (serial 1), into named's directory. */
  static NamedServer.Builder emptyCatalog(NamedServer.Builder named, String catalog) {
    return named.file(fileName(catalog), text(catalog, 1, new Content()));
  }

  static String fileName(String catalog) {
    return "cat-" + catalog + "zone";
  }

  /** Members by unique id, with optional extra lines (properties) per id. */
  static final class Content {
    final Map<String, String> members = new LinkedHashMap<>();
    final StringBuilder extra = new StringBuilder();
    String version = "2";

    Content member(String id, String zone) {
      members.put(id, zone);
      return this;
    }

    Content property(String line) {
      extra.append(line).append('\n');
      return this;
    }

    Content version(String v) {
      this.version = v;
      return this;
    }
  }

  /** The zone file text of a catalog, for a named that starts with it. */
  static String text(String catalog, long serial, Content c) {
    StringBuilder z = new StringBuilder();
    z.append("$ORIGIN ").append(catalog).append('\n');
    z.append("$TTL 0\n");
    z.append("@ SOA invalid. invalid. ").append(serial).append(" 1 1 600 0\n");
    z.append("@ NS invalid.\n");
    if (c.version != null) {
      z.append("version TXT \"").append(c.version).append("\"\n");
    }
    c.members.forEach((id, zone) -> z.append(id).append(".zones PTR ").append(zone).append('\n'));
    z.append(c.extra);
    return z.toString();
  }

  /** Publishes a new version of the catalog (next serial) and reloads it in named. */
  void publish(Content c) throws IOException {
    serial++;
    Path file = named.directory().resolve(fileName(catalog));
    Path temp = named.directory().resolve(fileName(catalog) + ".tmp");
    Files.writeString(temp, text(catalog, serial, c));
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // named skips a reload when the file looks no newer than its last load (one-second
    // timestamps): stamp it and reload until named says it loaded it.
    for (int attempt = 1; ; attempt++) {
      Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
      NamedServer.RndcOutput out = named.rndc("reload", catalog.substring(0, catalog.length() - 1));
      if (out.exitCode() != 0) {
        throw new IOException("rndc reload " + catalog + ": " + out.stderr() + out.stdout());
      }
      if (!out.stdout().contains("up-to-date") || attempt == 30) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  long serial() {
    return serial;
  }
}
