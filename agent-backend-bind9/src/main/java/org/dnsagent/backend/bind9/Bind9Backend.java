// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.HostPort;
import org.dnsagent.spi.LocalHostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ServedSoaProbe;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * What the two modes share ({@link Bind9PrimaryBackend}: the agent writes zone files; {@link
 * Bind9SecondaryBackend}: named transfers from the masters). Provisions zones on one view of one
 * named: zone files under {@code zone_file_path}, and {@code addzone} / {@code reload} / {@code
 * delzone} over the control channel. A zone is "ours" when named's definition of it uses the file
 * this backend derives for it; any other definition is never overwritten nor deleted.
 */
public abstract sealed class Bind9Backend implements Backend
    permits Bind9PrimaryBackend, Bind9SecondaryBackend {
  private static final Logger log = LoggerFactory.getLogger(Bind9Backend.class);

  /** ISC results that mean "named is busy or going away": worth retrying. */
  private static final Set<Integer> TRANSIENT = Set.of(2, 13, 17, 22, 33);

  private static final int RELOAD_ATTEMPTS = 3;

  final Bind9Config config;
  final RndcTransport rndc;
  final ServedSoaProbe soaProbe;
  private final List<MasterServer> masters;
  final RndcCommands commands;

  /**
   * Zones known to be ours in this view: added by this backend, or found with our zone file. A zone
   * in it needs no check before its SOA is believed; updates and deletes still check named's
   * definition ({@code showzone}) before they touch a zone.
   */
  final Set<Name> ours = ConcurrentHashMap.newKeySet();

  /** Where the zone files are: named's host (this one, or another over SSH). */
  final HostFiles files;

  /** The backend for the configuration's {@code zone_mode}, zone files on this host. */
  public static Bind9Backend create(
      Bind9Config config, RndcTransport rndc, List<MasterServer> masters) {
    return create(config, rndc, masters, LocalHostAccess.localFiles());
  }

  /** The backend for the configuration's {@code zone_mode}, zone files on named's host. */
  public static Bind9Backend create(
      Bind9Config config, RndcTransport rndc, List<MasterServer> masters, HostFiles files) {
    return switch (config.zoneMode()) {
      case PRIMARY -> new Bind9PrimaryBackend(config, rndc, masters, files);
      case SECONDARY -> new Bind9SecondaryBackend(config, rndc, masters, files);
    };
  }

  Bind9Backend(
      Bind9Config config, RndcTransport rndc, List<MasterServer> masters, HostFiles files) {
    this.files = requireNonNull(files, "files is null");
    this.config = requireNonNull(config, "config is null");
    this.rndc = requireNonNull(rndc, "rndc is null");
    this.masters = List.copyOf(masters);
    this.soaProbe =
        new ServedSoaProbe(config.queryDestination(), config.queryTimeout(), config.queryTsigKey());
    this.commands = new RndcCommands(config.view());
  }

  @Override
  public void start() throws BackendException {
    RndcResponse status = rndc.execute(commands.status());
    if (!status.ok()) {
      throw new BackendException(Kind.MISCONFIGURED, "rndc status failed: " + status.describe());
    }
    RndcResponse probe = rndc.execute(commands.allowNewZonesProbe());
    if (probe.result() == RndcResponse.NO_PERMISSION) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "named does not allow new zones in view '"
              + config.view()
              + "': add 'allow-new-zones yes;' to its options or to that view ("
              + probe.describe()
              + ")");
    }
    if (probe.notFound() && probe.text().contains("no matching view")) {
      throw new BackendException(
          Kind.MISCONFIGURED, "named has no view '" + config.view() + "' (option view)");
    }
    if (!probe.notFound()) {
      throw new BackendException(
          Kind.MISCONFIGURED, "cannot check allow-new-zones: " + probe.describe());
    }
    try {
      files.createDirectories(config.zoneDirectory());
    } catch (BackendException e) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "cannot create zone directory " + config.zoneDirectory() + ": " + e.getMessage(),
          e);
    }
    log.info(
        "bind9 backend ready: named at {} ({} transport), view {}, {} zones in {}",
        HostPort.format(config.rndcAddress()),
        rndc.name(),
        config.view(),
        config.zoneMode().bindType(),
        config.zoneDirectory());
  }

  /**
   * The SOA named serves for the zone, if the zone is ours in this view. A zone is taken as ours
   * when this backend added it, or when its zone file exists under {@code zone_file_path} (only
   * this backend writes there); a zone that named serves without that file (one configured in
   * named.conf, or another agent's) is reported as not served: the agent then never answers a
   * CREATE for it as "already served" but calls {@link #createZone}, which refuses it, and it never
   * takes NOTIFYs for it. Updates and deletes still ask named for the zone's definition before they
   * touch it.
   *
   * <p>A zone neither added by this backend nor with its zone file is answered "not served" without
   * asking named at all.
   *
   * <p>Not {@code showzone} here: named's cost for it grows with the zones it holds (0.4 ms with
   * 20,000, 4.4 ms with 100,000 on the reference machine), and a resync asks for every zone.
   */
  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    checkName(zone);
    boolean known = ours.contains(zone);
    Path file = fileFor(zone);
    if (!known && !files.exists(file)) {
      // Neither added by us nor with our file: not ours, whatever named serves (no query needed;
      // a CREATE of a new zone starts here). java.io.File: no exception for "no such file".
      return Optional.empty();
    }
    Optional<SOARecord> soa = soaProbe.find(zone);
    if (soa.isEmpty()) {
      ours.remove(zone); // gone: whoever adds it next must be checked again
      return soa;
    }
    if (!known) {
      ours.add(zone);
    }
    return soa;
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    checkName(zone);
    Path file = fileFor(zone);
    Optional<ShownZone> shown = show(zone);
    ours.remove(zone);
    if (shown.isPresent() && !shown.get().usesFile(file.toString())) {
      throw notOurs(zone, shown.get(), "not deleting it");
    }
    if (shown.isPresent()) {
      RndcResponse del = rndc.execute(commands.delzone(zone, config.cleanOnDelete()));
      if (!del.ok() && !del.notFound()) {
        throw failure("delzone", zone, del);
      }
    }
    try {
      files.delete(file);
    } catch (BackendException e) {
      throw new BackendException(e.kind(), "zone " + zone + " deleted but " + e.getMessage(), e);
    }
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      RndcResponse status = rndc.execute(commands.status());
      return status.ok()
          ? BackendHealth.ok("named answers over " + rndc.name() + " rndc")
          : BackendHealth.failing("rndc status: " + status.describe());
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  @Override
  public void close() {
    rndc.close();
  }

  /**
   * addzone; if the zone exists, accept it only if its definition is the one we would give (and
   * reload or refresh it).
   *
   * @return true if named added the zone now: {@code addzone} answers once named has loaded it (a
   *     primary zone's file), so it is served; false if it existed and was reloaded
   */
  final boolean addZone(Name zone, ZoneStanza stanza) throws BackendException {
    RndcResponse add = rndc.execute(commands.addzone(zone, stanza));
    if (add.ok()) {
      ours.add(zone);
      return true;
    }
    if (!add.exists()) {
      discardIfPrimary(stanza);
      throw failure("addzone", zone, add);
    }
    Optional<ShownZone> shown = show(zone);
    if (shown.isEmpty()) {
      // Deleted between the two commands; one more try settles it.
      RndcResponse again = rndc.execute(commands.addzone(zone, stanza));
      if (!again.ok()) {
        throw failure("addzone", zone, again);
      }
      ours.add(zone);
      return true;
    }
    if (!shown.get().matches(stanza)) {
      ours.remove(zone);
      if (!shown.get().usesFile(stanza.file().toString())) {
        discardIfPrimary(stanza);
      }
      throw new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + " already exists in view "
              + config.view()
              + " with another definition ("
              + shown.get().describe()
              + "); not overwriting it");
    }
    String verb = stanza.mode() == ZoneMode.PRIMARY ? "reload" : "refresh";
    RndcResponse follow =
        stanza.mode() == ZoneMode.PRIMARY
            ? reload(zone, stanza.file())
            : rndc.execute(commands.refresh(zone));
    if (!follow.ok()) {
      throw failure(verb, zone, follow);
    }
    ours.add(zone);
    return false;
  }

  /**
   * Reloads a zone whose file was just rewritten. named skips files not newer than its last load,
   * and the kernel stamps writes with a coarse clock, so a rewrite right after a load can look old
   * ("up-to-date"): stamp the file with the precise time, and try again if named still skips it.
   */
  final RndcResponse reload(Name zone, Path file) throws BackendException {
    for (int attempt = 1; ; attempt++) {
      touch(file);
      RndcResponse reload = rndc.execute(commands.reload(zone));
      if (!reload.ok() || !reload.text().contains("up-to-date") || attempt == RELOAD_ATTEMPTS) {
        return reload;
      }
      try {
        Thread.sleep(10L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendException(Kind.UNAVAILABLE, "interrupted while reloading " + zone, e);
      }
    }
  }

  private void touch(Path file) throws BackendException {
    files.touch(file);
  }

  final Optional<ShownZone> show(Name zone) throws BackendException {
    RndcResponse shown = rndc.execute(commands.showzone(zone));
    if (shown.notFound()) {
      return Optional.empty();
    }
    if (!shown.ok()) {
      throw failure("showzone", zone, shown);
    }
    try {
      return Optional.of(ShownZone.parse(shown.text()));
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          Kind.INTERNAL, "cannot read named's definition of " + zone + ": " + e.getMessage(), e);
    }
  }

  final ZoneStanza stanza(ZoneMode mode, Path file) {
    return new ZoneStanza(
        mode,
        file,
        mode == ZoneMode.SECONDARY ? masters : List.of(),
        config.allowTransfer(),
        config.alsoNotify(),
        config.dnssecPolicy(),
        config.inlineSigning());
  }

  final Path fileFor(Name zone) {
    return ZoneFiles.pathFor(config.zoneDirectory(), zone, ".zone");
  }

  final void write(Path file, ZoneContent zone) throws BackendException {
    files.write(file, ZoneFiles.masterFile(zone));
  }

  /** Removes a zone file we wrote for a zone named did not take. */
  private void discardIfPrimary(ZoneStanza stanza) {
    if (stanza.mode() == ZoneMode.PRIMARY) {
      try {
        files.delete(stanza.file());
      } catch (BackendException e) {
        log.warn("cannot remove unused zone file {}: {}", stanza.file(), e.getMessage());
      }
    }
  }

  static void checkName(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(
          Kind.REJECTED, "refusing zone name " + zone + ": " + problem.get());
    }
  }

  final BackendException notOurs(Name zone, ShownZone shown, String consequence) {
    return new BackendException(
        Kind.REJECTED,
        "zone "
            + zone
            + " in view "
            + config.view()
            + " was not created by this agent ("
            + shown.describe()
            + "); "
            + consequence);
  }

  final BackendException failure(String verb, Name zone, RndcResponse response) {
    Kind kind = TRANSIENT.contains(response.result()) ? Kind.UNAVAILABLE : Kind.REJECTED;
    return new BackendException(
        kind,
        "rndc " + verb + " " + zone + " in view " + config.view() + ": " + response.describe());
  }
}
