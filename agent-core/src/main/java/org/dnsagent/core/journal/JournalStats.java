// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the journal is doing, for {@code dns-agent status}.
 *
 * @param batches group commits (one fsync each)
 * @param lastError the last write failure, if the last write failed
 * @param damage damaged records found at a start-up and not yet acknowledged by an operator
 */
public record JournalStats(
    Path file,
    long sizeBytes,
    long recordsWritten,
    long batches,
    long compactions,
    long corruptRecordsSkipped,
    Optional<String> lastError,
    Optional<String> damage) {}
