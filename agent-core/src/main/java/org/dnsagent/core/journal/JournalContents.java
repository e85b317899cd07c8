// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.journal;

import java.util.List;
import java.util.Set;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.core.ops.ZoneKey;

/**
 * What the journal held when it was opened.
 *
 * @param operations every operation remembered, oldest first; those not final are to be resumed
 * @param catalog the zones the agent created and has not deleted
 * @param lastId the highest operation id ever handed out
 */
public record JournalContents(List<OperationView> operations, Set<ZoneKey> catalog, long lastId) {
  public JournalContents {
    operations = List.copyOf(operations);
    catalog = Set.copyOf(catalog);
  }
}
