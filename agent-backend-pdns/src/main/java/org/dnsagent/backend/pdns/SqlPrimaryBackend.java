// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.pdns;

import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.IncrementalUpdates;
import org.dnsagent.spi.ZoneChanges;
import org.dnsagent.spi.ZoneContent;

/**
 * Database mode, {@code zone_mode = primary}: the agent transfers each zone and writes it as a
 * NATIVE domain in one transaction; updates change only the rows that differ, the SOA last.
 */
final class SqlPrimaryBackend extends SqlBackend implements IncrementalUpdates {

  SqlPrimaryBackend(PdnsConfig config, SqlStore store, PdnsControl control) {
    super(config, store, control);
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    checkName(zone.name());
    boolean created = store.writePrimary(zone);
    notifier.changed(zone.name(), created);
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    checkName(zone.name());
    boolean created = store.writePrimary(zone);
    notifier.changed(zone.name(), created);
  }

  @Override
  public void applyChanges(ZoneChanges changes) throws BackendException {
    checkName(changes.name());
    store.applyChanges(changes);
    notifier.changed(changes.name(), false);
  }
}
