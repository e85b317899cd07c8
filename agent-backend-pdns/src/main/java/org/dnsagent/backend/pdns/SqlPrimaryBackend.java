// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import java.util.ArrayList;
import java.util.List;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.CallBatcher;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;
import org.xbill.DNS.Name;

/**
 * Database mode, {@code zone_mode = primary}: the agent transfers each zone and writes it as a
 * NATIVE domain in one transaction; updates change only the rows that differ, the SOA last.
 */
final class SqlPrimaryBackend extends SqlBackend implements IncrementalUpdates {

  SqlPrimaryBackend(PdnsConfig config, SqlStore store, PdnsControl control) {
    super(config, store, control);
  }

  private final CallBatcher<ZoneContent> writes = new CallBatcher<>(this::writeBatch, BATCH);

  /** Creates and updates queued at the same moment go in one transaction. */
  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    checkName(zone.name());
    writes.submit(zone);
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    checkName(zone.name());
    writes.submit(zone);
  }

  private List<BackendException> writeBatch(List<ZoneContent> zones) throws BackendException {
    requireServer();
    List<SqlStore.Outcome> outcomes = store.writePrimary(zones);
    List<Name> names = new ArrayList<>();
    for (ZoneContent z : zones) {
      names.add(z.name());
    }
    return notifyAll(names, outcomes);
  }

  @Override
  public void applyChanges(ZoneChanges changes) throws BackendException {
    checkName(changes.name());
    requireServer();
    store.applyChanges(changes);
    notifier.changed(changes.name(), false);
  }
}
