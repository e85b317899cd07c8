// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.catalog;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.dnsagent.spi.ZoneFiles;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What a catalog follower has done, kept across restarts in {@code
 * $state_path/catalogs/NAME.state}: the members it provisioned (and whether it created them, so it
 * never deletes a zone it did not create) and the deletions waiting for {@code delete_delay}. The
 * catalog zone itself is not kept: it is transferred again at start-up and compared with this.
 *
 * <p>One line per entry, written atomically (temporary file, fsync, rename):
 *
 * <pre>
 * member ZONE TARGET ID OWNED(0|1)
 * pending ZONE TARGET DUE-EPOCH-MILLIS
 * </pre>
 */
final class CatalogState {
  private static final String HEADER = "# dns-agent catalog state 1";

  /** A member as provisioned. */
  record Applied(String target, String id, boolean owned) {
    Applied {
      requireNonNull(target, "target is null");
      requireNonNull(id, "id is null");
    }
  }

  /** A removed member waiting for its deletion. */
  record PendingDeletion(String target, Instant due) {
    PendingDeletion {
      requireNonNull(target, "target is null");
      requireNonNull(due, "due is null");
    }
  }

  final Map<Name, Applied> applied = new TreeMap<>();
  final Map<Name, PendingDeletion> pending = new TreeMap<>();

  /** Reads the state file; a missing file is an empty state. */
  static CatalogState read(Path file) throws IOException {
    CatalogState state = new CatalogState();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        try {
          if (f[0].equals("member") && f.length == 5) {
            state.applied.put(name(f[1]), new Applied(f[2], f[3], f[4].equals("1")));
          } else if (f[0].equals("pending") && f.length == 4) {
            state.pending.put(
                name(f[1]), new PendingDeletion(f[2], Instant.ofEpochMilli(Long.parseLong(f[3]))));
          } else {
            throw new IOException(file + " line " + number + ": cannot read '" + line + "'");
          }
        } catch (TextParseException | NumberFormatException e) {
          throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
        }
      }
    } catch (NoSuchFileException e) {
      return state;
    }
    return state;
  }

  void write(Path file) throws IOException {
    ZoneFiles.writeAtomically(
        file,
        out -> {
          out.write(HEADER);
          out.write('\n');
          for (Map.Entry<Name, Applied> e : applied.entrySet()) {
            Applied a = e.getValue();
            out.write(
                "member "
                    + e.getKey()
                    + " "
                    + a.target()
                    + " "
                    + a.id()
                    + " "
                    + (a.owned() ? "1" : "0")
                    + "\n");
          }
          for (Map.Entry<Name, PendingDeletion> e : pending.entrySet()) {
            PendingDeletion p = e.getValue();
            out.write(
                "pending " + e.getKey() + " " + p.target() + " " + p.due().toEpochMilli() + "\n");
          }
        });
  }

  private static Name name(String text) throws TextParseException {
    return Name.fromString(text, Name.root);
  }
}
