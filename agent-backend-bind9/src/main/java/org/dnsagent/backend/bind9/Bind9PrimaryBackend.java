// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ZoneContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/** {@code zone_mode = primary}: the agent transfers, this backend writes zone files for named. */
final class Bind9PrimaryBackend extends Bind9Backend implements ContentBackend {
  private static final Logger log = LoggerFactory.getLogger(Bind9PrimaryBackend.class);

  /** Zone files on this host. */
  Bind9PrimaryBackend(Bind9Config config, RndcTransport rndc, List<MasterServer> masters) {
    this(config, rndc, masters, org.dnsagent.spi.LocalHostAccess.localFiles());
  }

  Bind9PrimaryBackend(
      Bind9Config config, RndcTransport rndc, List<MasterServer> masters, HostFiles files) {
    super(config, rndc, masters, files);
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Path file = fileFor(name);
    write(file, zone);
    addZone(name, stanza(ZoneMode.PRIMARY, file));
    awaitServed(name, zone.serial());
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Path file = fileFor(name);
    // Check first: a zone the operator configured must not be reloaded as if it were ours.
    Optional<ShownZone> shown = show(name);
    if (shown.isPresent() && !shown.get().usesFile(file.toString())) {
      ours.remove(name);
      throw notOurs(name, shown.get(), "not updating it");
    }
    write(file, zone);
    if (shown.isEmpty()) {
      // Removed behind our back: add it again rather than fail on every update.
      log.info("zone {} was missing from named on update; adding it again", name);
      addZone(name, stanza(ZoneMode.PRIMARY, file));
    } else {
      RndcResponse reload = reload(name, file);
      if (reload.notFound()) {
        addZone(name, stanza(ZoneMode.PRIMARY, file));
      } else if (!reload.ok()) {
        throw failure("reload", name, reload);
      }
    }
    awaitServed(name, zone.serial());
  }

  /**
   * Waits until named serves {@code serial} for the zone. named loads a zone after answering {@code
   * reload} (and may after {@code addzone}); until it does, a NOTIFY would find the old serial and
   * transfer the same version again, and a controller polling the SOA would see an update
   * acknowledged but not served.
   */
  private void awaitServed(Name zone, long serial) throws BackendException {
    long deadline = System.nanoTime() + config.rndcTimeout().toNanos();
    long pauseMillis = 1;
    while (true) {
      Optional<SOARecord> soa = soaProbe.find(zone);
      if (soa.isPresent() && Serial.compare(soa.get().getSerial(), serial) >= 0) {
        return;
      }
      if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
        throw new BackendException(
            Kind.UNAVAILABLE,
            "named did not serve serial "
                + serial
                + " of "
                + zone
                + " within "
                + config.rndcTimeout()
                + " (serves "
                + soa.map(s -> Long.toString(s.getSerial())).orElse("nothing")
                + "); see named's log for why it did not load "
                + fileFor(zone));
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, "interrupted while waiting for " + zone, e);
      }
      pauseMillis = Math.min(50, pauseMillis * 2);
    }
  }
}
