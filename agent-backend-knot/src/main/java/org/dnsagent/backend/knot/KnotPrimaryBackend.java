// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.RecordReader;
import org.dnsagent.spi.ZoneContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * {@code zone_mode = primary}: the agent transfers each zone, writes its file atomically under
 * {@code zone_file_path} (on knotd's host), and configures knotd to load it; an update rewrites the
 * file and runs {@code zone-reload}. Both return once knotd serves the new serial.
 */
public final class KnotPrimaryBackend extends KnotBackend implements ContentBackend {
  private static final Logger log = LoggerFactory.getLogger(KnotPrimaryBackend.class);

  public KnotPrimaryBackend(KnotConfig config, KnotControl control, HostAccess host) {
    super(config, control, host);
  }

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Ownership owner = ownership(name);
    if (owner == Ownership.FOREIGN) {
      ours.remove(name);
      throw notOurs(name, "not overwriting it");
    }
    Path file = fileFor(name);
    write(file, zone);
    if (owner == Ownership.OURS) {
      // Already ours (a repeated CREATE, or a delete interrupted after the freeze): load the file.
      zoneCommand("zone-thaw", "", name, true);
      reload(zone);
    } else {
      try {
        addZone(name, zoneItems(name));
      } catch (BackendException e) {
        host.files().delete(file);
        throw e;
      }
    }
    ours.add(name);
    awaitServed(name, zone.serial());
  }

  @Override
  public void updateZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Ownership owner = ownership(name);
    if (owner == Ownership.FOREIGN) {
      ours.remove(name);
      throw notOurs(name, "not updating it");
    }
    write(fileFor(name), zone);
    if (owner == Ownership.ABSENT) {
      log.info("zone {} was missing from knotd on update; adding it again", name);
      addZone(name, zoneItems(name));
    } else {
      reload(zone);
    }
    awaitServed(name, zone.serial());
  }

  private void reload(ZoneContent zone) throws BackendException {
    if (!zoneCommand("zone-reload", "", zone.name(), true)) {
      // Configured but not loaded yet (a commit knotd has not applied): it loads the file itself.
      log.debug("zone-reload {}: not loaded yet", zone.name());
    }
  }

  private void write(Path file, ZoneContent zone) throws BackendException {
    host.files()
        .write(
            file,
            stream -> {
              Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
              out.write(
                  "; zone "
                      + zone.name()
                      + " serial "
                      + zone.serial()
                      + ", written by dns-agent\n");
              out.write("$ORIGIN " + zone.name() + "\n");
              try (RecordReader records = zone.openRecords()) {
                for (Record r = records.next(); r != null; r = records.next()) {
                  out.write(r.toString());
                  out.write('\n');
                }
              }
              out.flush();
            });
  }

  @Override
  public String toString() {
    return "KnotPrimaryBackend[" + config.socket() + "]";
  }
}
