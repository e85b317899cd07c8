// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.ServedSoaProbe;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * What the primary and secondary Knot backends share: start-up checks, the zone's ownership, the
 * served SOA, delete, the inventory and health.
 *
 * <p>A zone is the agent's when knotd's configuration gives it the file this backend derives for it
 * under {@code zone_file_path} (and a {@code comment} saying so, for operators). Any other zone
 * (configured by hand, or by another agent) is never changed nor deleted: {@code REJECTED}.
 */
abstract class KnotBackend implements Backend, ZoneInventory {
  private static final Logger log = LoggerFactory.getLogger(KnotBackend.class);

  /** The comment set on the zones this backend adds. */
  static final String COMMENT = "managed by dns-agent";

  /** Where knotd looks for its configuration database when started without -c or -C. */
  static final Path DEFAULT_CONFDB = Path.of("/var/lib/knot/confdb/data.mdb");

  /** knotd's default run directory (Debian's build), holding knot.pid. */
  static final Path DEFAULT_RUNDIR = Path.of("/run/knot");

  protected final KnotConfig config;
  protected final KnotControl control;
  protected final HostAccess host;
  protected final ConfTransactions transactions;
  private final ServedSoaProbe probe;

  /** Zones known to be ours: checked once, believed until they stop being served. */
  protected final Set<Name> ours = ConcurrentHashMap.newKeySet();

  KnotBackend(KnotConfig config, KnotControl control, HostAccess host) {
    this.config = requireNonNull(config, "config is null");
    this.control = requireNonNull(control, "control is null");
    this.host = requireNonNull(host, "host is null");
    this.transactions = new ConfTransactions(control);
    Duration queryTimeout =
        config.timeout().compareTo(Duration.ofSeconds(2)) < 0
            ? config.timeout()
            : Duration.ofSeconds(2);
    this.probe = new ServedSoaProbe(config.queryDestination(), queryTimeout, Optional.empty());
  }

  /** What knotd's configuration says of a zone. */
  enum Ownership {
    ABSENT,
    OURS,
    FOREIGN
  }

  // ---------------------------------------------------------------- start-up

  @Override
  public void start() throws BackendException {
    CtlReply status;
    try {
      status = control.call(CtlRequest.of("status"));
    } catch (BackendException e) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "knotd does not answer on its control socket "
              + config.socket()
              + " (knot_socket): "
              + e.getMessage(),
          e);
    }
    if (!status.ok()) {
      throw new BackendException(
          Kind.MISCONFIGURED, "knotd status failed: " + status.firstError().orElse(""));
    }
    checkConfdb();
    transactions.abortLeftover();
    CtlReply template =
        readConf(
            CtlUnit.of().with(CtlItem.SECTION, "template").with(CtlItem.ID, config.template()));
    if (!template.ok()) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "knotd has no template '"
              + config.template()
              + "' (option template): declare it in knot.conf, "
              + template.firstError().orElse(""));
    }
    checkZoneDirectory();
    prepare();
    log.info(
        "knot backend ready: knotd at {} ({} transport, {} mode), zone files in {}",
        config.socket(),
        control.name(),
        config.zoneMode().name().toLowerCase(java.util.Locale.ROOT),
        config.zoneFilePath());
  }

  /** Mode-specific start-up work (the secondary's remotes). */
  protected void prepare() throws BackendException {}

  /**
   * Refuses a knotd started from a textual configuration: runtime changes would be lost at its next
   * restart. Reads knotd's command line through its pid file.
   */
  private void checkConfdb() throws BackendException {
    CtlReply server = readConf(CtlUnit.of().with(CtlItem.SECTION, "server"));
    String rundir = DEFAULT_RUNDIR.toString();
    String pidfile = "knot.pid";
    for (CtlUnit unit : server.units()) {
      String item = unit.get(CtlItem.ITEM).orElse("");
      String value = unit.get(CtlItem.DATA).orElse("");
      if (item.equals("rundir") && !value.isEmpty()) {
        rundir = value;
      } else if (item.equals("pidfile") && !value.isEmpty()) {
        pidfile = value;
      }
    }
    Path pidPath = Path.of(rundir).resolve(pidfile);
    String how = "cannot tell how knotd was started: ";
    String pid =
        readSmallFile(pidPath)
            .map(String::strip)
            .orElseThrow(
                () -> new BackendException(Kind.MISCONFIGURED, how + "no pid file " + pidPath));
    if (!pid.matches("[0-9]{1,10}")) {
      throw new BackendException(Kind.MISCONFIGURED, how + pidPath + " holds no pid");
    }
    Path cmdlinePath = Path.of("/proc", pid, "cmdline");
    String cmdline =
        readSmallFile(cmdlinePath)
            .orElseThrow(
                () ->
                    new BackendException(
                        Kind.MISCONFIGURED, how + "no process " + pid + " (" + pidPath + ")"));
    List<String> args = List.of(cmdline.split("\0"));
    boolean confdb = false;
    for (String arg : args) {
      if (arg.equals("-c")
          || arg.startsWith("--config")
          || (arg.startsWith("-c") && !arg.startsWith("--"))) {
        throw new BackendException(
            Kind.MISCONFIGURED,
            "knotd runs from a textual configuration ("
                + String.join(" ", args).strip()
                + "): zones the agent adds would be lost at its next restart; import it into a"
                + " configuration database (knotc conf-import knot.conf) and run knotd -C <confdb>");
      }
      if (arg.equals("-C") || arg.startsWith("--confdb") || arg.startsWith("-C")) {
        confdb = true;
      }
    }
    if (!confdb && !host.files().exists(DEFAULT_CONFDB)) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "knotd runs from /etc/knot/knot.conf (no -C and no "
              + DEFAULT_CONFDB.getParent()
              + "): zones the agent adds would be lost at its next restart; import it into a"
              + " configuration database (knotc conf-import) and run knotd -C <confdb>");
    }
  }

  private Optional<String> readSmallFile(Path path) throws BackendException {
    Optional<InputStream> in = host.files().read(path);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream stream = in.get()) {
      return Optional.of(new String(stream.readNBytes(64 * 1024), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BackendException(Kind.MISCONFIGURED, "cannot read " + path + ": " + e, e);
    }
  }

  private void checkZoneDirectory() throws BackendException {
    Path dir = config.zoneFilePath();
    Path probeFile = dir.resolve(".dns-agent-write-check");
    try {
      host.files().createDirectories(dir);
      host.files().write(probeFile, out -> out.write('\n'));
      host.files().delete(probeFile);
    } catch (BackendException e) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          "the agent cannot write zone_file_path " + dir + ": " + e.getMessage(),
          e);
    }
  }

  // ---------------------------------------------------------------- zones

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    checkName(zone);
    Optional<SOARecord> soa = probe.find(zone);
    if (soa.isEmpty()) {
      ours.remove(zone);
      return soa;
    }
    if (ours.contains(zone)) {
      return soa;
    }
    if (ownership(zone) != Ownership.OURS) {
      log.debug("{} is served by knotd but was not added by this agent", zone);
      return Optional.empty();
    }
    ours.add(zone);
    return soa;
  }

  /**
   * Freezes the zone (no event may reload or re-transfer it), purges its data, journal, timers and
   * file, then removes it from the configuration: nothing is left and nothing bootstraps it again.
   */
  @Override
  public void deleteZone(Name zone) throws BackendException {
    checkName(zone);
    Ownership owner = ownership(zone);
    ours.remove(zone);
    if (owner == Ownership.FOREIGN) {
      throw notOurs(zone, "not deleting it");
    }
    Path file = fileFor(zone);
    if (owner == Ownership.OURS) {
      String id = id(zone);
      zoneCommand("zone-freeze", CtlRequest.BLOCKING, zone, true);
      zoneCommand("zone-purge", CtlRequest.FORCE + CtlRequest.BLOCKING, zone, true);
      transactions.submit(
          ConfTransactions.Change.unset(
              "zone " + id, CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, id)));
    }
    host.files().delete(file);
  }

  /** Served serials of our zones and the names of the others, from one zone-status call. */
  @Override
  public Inventory inventory() throws BackendException {
    CtlReply conf = readConf(CtlUnit.of().with(CtlItem.SECTION, "zone"));
    Map<Name, String> files = new HashMap<>();
    for (CtlUnit unit : conf.units()) {
      if (unit.get(CtlItem.ITEM).orElse("").equals("file") && unit.get(CtlItem.ID).isPresent()) {
        parseName(unit.get(CtlItem.ID).get())
            .ifPresent(n -> files.put(n, unit.get(CtlItem.DATA).orElse("")));
      }
    }
    CtlReply status = control.call(CtlRequest.zones("zone-status", "", List.of()).withFilter("s"));
    if (!status.ok()
        && !status.errors().isEmpty()
        && status.units().size() == status.errors().size()) {
      throw new BackendException(
          Kind.UNAVAILABLE, "knotd zone-status failed: " + status.firstError().orElse(""));
    }
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    for (CtlUnit unit : status.units()) {
      if (unit.error().isPresent() || !unit.get(CtlItem.TYPE).orElse("").equals("serial")) {
        continue;
      }
      Optional<Name> name = unit.get(CtlItem.ZONE).flatMap(KnotBackend::parseName);
      if (name.isEmpty()) {
        continue;
      }
      String file = files.get(name.get());
      if (file == null || !file.equals(fileValue(name.get()))) {
        unmanaged.add(name.get());
        continue;
      }
      String serial = unit.get(CtlItem.DATA).orElse("-");
      if (serial.matches("[0-9]{1,10}")) {
        served.put(name.get(), Long.parseLong(serial));
        ours.add(name.get());
      }
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      CtlReply status = control.call(CtlRequest.of("status"));
      return status.ok()
          ? BackendHealth.ok("knotd answers over " + control.name() + " control")
          : BackendHealth.failing("knotd status: " + status.firstError().orElse(""));
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  @Override
  public void close() {
    control.close();
  }

  // ---------------------------------------------------------------- helpers

  /** Whether knotd's configuration has the zone, and with our file. */
  protected Ownership ownership(Name zone) throws BackendException {
    String id = id(zone);
    CtlReply read =
        readConf(
            CtlUnit.of()
                .with(CtlItem.SECTION, "zone")
                .with(CtlItem.ID, id)
                .with(CtlItem.ITEM, "file"));
    if (!read.ok()) {
      if (read.notFound()) {
        return Ownership.ABSENT;
      }
      throw new BackendException(
          Kind.UNAVAILABLE, "knotd conf-read zone[" + id + "]: " + read.firstError().orElse(""));
    }
    String ourFile = fileValue(zone);
    for (CtlUnit unit : read.units()) {
      if (unit.get(CtlItem.DATA).orElse("").equals(ourFile)) {
        return Ownership.OURS;
      }
    }
    return Ownership.FOREIGN;
  }

  /** conf-read of one key; the caller looks at errors. */
  protected CtlReply readConf(CtlUnit key) throws BackendException {
    return control.call(CtlRequest.conf("conf-read", List.of(key)));
  }

  /**
   * Runs a zone command; "no such zone" is success when {@code absentOk}.
   *
   * @return false if the zone was absent
   */
  protected boolean zoneCommand(String command, String flags, Name zone, boolean absentOk)
      throws BackendException {
    CtlReply reply = control.call(CtlRequest.zones(command, flags, List.of(id(zone))));
    if (reply.ok()) {
      return true;
    }
    if (absentOk && reply.notFound()) {
      return false;
    }
    throw new BackendException(
        Kind.REJECTED, "knotd " + command + " " + zone + ": " + reply.firstError().orElse(""));
  }

  /** The items that configure a zone of ours: the zone, its file, template and comment. */
  protected List<CtlUnit> zoneItems(Name zone) {
    String id = id(zone);
    CtlUnit base = CtlUnit.of().with(CtlItem.SECTION, "zone").with(CtlItem.ID, id);
    List<CtlUnit> items = new ArrayList<>();
    items.add(base);
    items.add(base.with(CtlItem.ITEM, "file").with(CtlItem.DATA, fileValue(zone)));
    if (!config.template().equals("default")) {
      items.add(base.with(CtlItem.ITEM, "template").with(CtlItem.DATA, config.template()));
    }
    items.add(base.with(CtlItem.ITEM, "comment").with(CtlItem.DATA, COMMENT));
    return items;
  }

  /** Adds the zone to knotd's configuration in a (shared) transaction. */
  protected void addZone(Name zone, List<CtlUnit> items) throws BackendException {
    transactions.submit(ConfTransactions.Change.set("zone " + id(zone), items));
    ours.add(zone);
  }

  /**
   * Waits until knotd serves {@code serial} (or a later one) for the zone, bounded by {@code
   * timeout}: knotd loads a zone after answering, and a NOTIFY handled in between would find the
   * old serial and transfer the same version again.
   */
  protected void awaitServed(Name zone, long serial) throws BackendException {
    probe.awaitSerial(
        zone,
        serial,
        config.timeout(),
        "knotd",
        "see knotd's log for why it did not load " + fileFor(zone));
  }

  protected Path fileFor(Name zone) {
    return ZoneFiles.pathFor(config.zoneFilePath(), zone, ".zone");
  }

  /**
   * The zone's file as knotd's {@code file} item says it: knotd reads {@code %} as the start of a
   * formatter ({@code %s}, the zone name), and the agent's file names escape odd bytes as {@code
   * %xx}, so each {@code %} is written {@code %%}.
   */
  protected String fileValue(Name zone) {
    return fileFor(zone).toString().replace("%", "%%");
  }

  /** The zone's identifier in knotd's configuration: lower case, absolute. */
  static String id(Name zone) {
    return zone.canonicalize().toString();
  }

  static Optional<Name> parseName(String text) {
    try {
      return Optional.of(Name.fromString(text, Name.root).canonicalize());
    } catch (TextParseException e) {
      return Optional.empty();
    }
  }

  static void checkName(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(
          Kind.REJECTED, "refusing zone name " + zone + ": " + problem.get());
    }
  }

  protected BackendException notOurs(Name zone, String consequence) {
    return new BackendException(
        Kind.REJECTED,
        "zone "
            + zone
            + " is configured in knotd without this agent's zone file "
            + fileFor(zone)
            + " (configured by hand?); "
            + consequence);
  }
}
