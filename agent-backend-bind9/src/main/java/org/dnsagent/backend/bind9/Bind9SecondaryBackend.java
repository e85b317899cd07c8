// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** {@code zone_mode = secondary}: named transfers each zone from the masters itself. */
final class Bind9SecondaryBackend extends Bind9Backend implements SecondaryBackend {

  /** Zone files on this host. */
  Bind9SecondaryBackend(Bind9Config config, RndcTransport rndc, List<MasterServer> masters) {
    this(config, rndc, masters, org.dnsagent.spi.LocalHostAccess.localFiles());
  }

  Bind9SecondaryBackend(
      Bind9Config config, RndcTransport rndc, List<MasterServer> masters, HostFiles files) {
    super(config, rndc, masters, files);
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    addZone(zone, stanza(ZoneMode.SECONDARY, fileFor(zone)));
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    if (!ours.contains(zone)) {
      // Not known as ours (a restarted agent): a zone the operator configured is not refreshed.
      Optional<ShownZone> shown = show(zone);
      if (shown.isEmpty()) {
        createSecondaryZone(zone, masterSoa);
        return;
      }
      if (!shown.get().usesFile(fileFor(zone).toString())) {
        throw notOurs(zone, shown.get(), "not refreshing it");
      }
      ours.add(zone);
    }
    RndcResponse refresh = rndc.execute(commands.refresh(zone));
    if (refresh.notFound()) {
      createSecondaryZone(zone, masterSoa);
    } else if (!refresh.ok()) {
      throw failure("refresh", zone, refresh);
    }
  }
}
