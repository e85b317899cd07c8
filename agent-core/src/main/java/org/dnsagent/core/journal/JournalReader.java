// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnsagent.core.ops.ZoneKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a journal file back into a {@link JournalState}, skipping lines that fail their check. */
final class JournalReader {
  private static final Logger log = LoggerFactory.getLogger(JournalReader.class);

  private JournalReader() {}

  /**
   * Applies every valid record of {@code file} to {@code state}.
   *
   * @return how many damaged lines were skipped; a last line without its newline (a write that a
   *     crash cut short, never acknowledged) is dropped without counting
   */
  static long replay(Path file, JournalState state) throws IOException {
    return replay(file, state, new java.util.HashSet<>());
  }

  /** As above, also collecting in {@code suspects} the zones damaged lines seem to be about. */
  static long replay(Path file, JournalState state, java.util.Set<ZoneKey> suspects)
      throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] data = Files.readAllBytes(file);
    long corrupt = 0;
    long valid = 0;
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] != '\n') {
        continue;
      }
      try {
        state.apply(JournalCodec.decode(data, start, i));
        valid++;
      } catch (JournalCodec.CorruptRecordException e) {
        corrupt++;
        JournalCodec.suspectZone(data, start, i).ifPresent(suspects::add);
        log.warn("{}: skipping damaged record at byte {}: {}", file, start, e.getMessage());
      }
      start = i + 1;
    }
    if (start < data.length) {
      log.info("{}: dropping {} bytes of an unfinished last record", file, data.length - start);
    }
    log.debug("{}: replayed {} records", file, valid);
    return corrupt;
  }
}
