// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.ZoneContent;
import org.dnsagent.spi.ZoneFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

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

  /**
   * named-checkzone, when installed on this host: zone files are checked before named sees them.
   */
  private final Optional<Path> checkzone = findCheckzone();

  private final CommandRunner checker = new ProcessCommandRunner(4);
  private volatile boolean useCheckzone = true;

  @Override
  public void createZone(ZoneContent zone) throws BackendException {
    Name name = zone.name();
    checkName(name);
    Path file = fileFor(name);
    switchTo(
        name,
        file,
        zone,
        () -> {
          // A fresh addzone answers once named has loaded the file: no SOA poll is needed. A zone
          // that existed was reloaded, which named does after answering: wait for the serial.
          if (!addZone(name, stanza(ZoneMode.PRIMARY, file))) {
            awaitServed(name, zone.serial());
          }
        });
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
    switchTo(
        name,
        file,
        zone,
        () -> {
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
        });
  }

  /** What named is told once the new zone file is in place. */
  @FunctionalInterface
  private interface Load {
    void run() throws BackendException;
  }

  /**
   * Replaces the zone file only with one named can load: the new zone is written beside the served
   * file, checked with named-checkzone where it is installed, and switched in with a rename; the
   * previous file is kept until named serves the new serial. If named does not (its load failed),
   * the previous file is put back, so that a restart of named still loads the previous version, and
   * the operation fails. A new zone's file that named does not take is removed.
   *
   * <p>A new zone is not checked beforehand: {@code addzone} loads the file itself and refuses a
   * zone it cannot load, adding nothing, so named-checkzone would only repeat that check at the
   * cost of a process per zone (most of the agent's CPU in a bulk create). It runs afterwards, on
   * that failure only, to say what named objected to.
   */
  private void switchTo(Name name, Path file, ZoneContent zone, Load load) throws BackendException {
    if (!files.isLocal()) {
      // On named's host over SSH: written there atomically (temporary name, rename); a new zone's
      // file that named does not take is removed. Checking and putting back stay local-only.
      boolean existed = files.exists(file);
      write(file, zone);
      try {
        load.run();
      } catch (BackendException e) {
        if (!existed) {
          files.delete(file);
        }
        throw e;
      }
      return;
    }
    Path candidate = beside(file, ".new");
    Path previous = beside(file, ".prev");
    boolean replacing = Files.exists(file);
    write(candidate, zone);
    if (replacing) {
      try {
        check(name, candidate);
      } catch (BackendException e) {
        deleteQuietly(candidate);
        throw e;
      }
    }
    boolean hadPrevious = keep(file, previous);
    try {
      ZoneFiles.moveAtomically(candidate, file);
      ZoneFiles.syncDirectory(file.getParent());
    } catch (IOException e) {
      deleteQuietly(candidate);
      deleteQuietly(previous);
      throw new BackendException(Kind.INTERNAL, "cannot put zone file " + file + " in place", e);
    }
    try {
      load.run();
    } catch (BackendException failed) {
      BackendException e = hadPrevious ? failed : explained(name, zone, failed);
      String undo;
      try {
        if (hadPrevious) {
          Files.move(previous, file, StandardCopyOption.ATOMIC_MOVE);
          undo = "the previous zone file was put back";
        } else {
          Files.deleteIfExists(file);
          undo = "the new zone file was removed";
        }
        ZoneFiles.syncDirectory(file.getParent());
      } catch (IOException io) {
        undo = "and the previous zone file could not be put back: " + io.getMessage();
      }
      log.warn("zone {}: {}; {}", name, e.getMessage(), undo);
      throw new BackendException(e.kind(), e.getMessage() + "; " + undo, e);
    } finally {
      deleteQuietly(previous);
    }
  }

  /** A hidden file beside {@code file}, in the same directory (so that a rename is atomic). */
  private static Path beside(Path file, String suffix) {
    return file.resolveSibling("." + file.getFileName() + suffix);
  }

  /** Keeps the current file as {@code previous} (a hard link); false if there is none. */
  private static boolean keep(Path file, Path previous) throws BackendException {
    try {
      Files.deleteIfExists(previous);
      if (!Files.exists(file)) {
        return false;
      }
      try {
        Files.createLink(previous, file);
      } catch (UnsupportedOperationException | IOException e) {
        Files.copy(file, previous, StandardCopyOption.COPY_ATTRIBUTES);
      }
      return true;
    } catch (IOException e) {
      throw new BackendException(Kind.INTERNAL, "cannot keep the previous " + file + ": " + e, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", p, e.toString());
    }
  }

  /**
   * Why named did not load a new zone, in named-checkzone's words where it can tell (the zone is
   * written aside once more for it); otherwise named's own error.
   */
  private BackendException explained(Name name, ZoneContent zone, BackendException failed) {
    if (!useCheckzone || checkzone.isEmpty()) {
      return failed;
    }
    Path aside = beside(fileFor(name), ".check");
    try {
      write(aside, zone);
      check(name, aside);
      return failed; // named-checkzone takes it: the failure was something else
    } catch (BackendException rejected) {
      return rejected.kind() == Kind.REJECTED ? rejected : failed;
    } finally {
      deleteQuietly(aside);
    }
  }

  /** Runs named-checkzone on {@code candidate}, where it is installed (and not switched off). */
  private void check(Name zone, Path candidate) throws BackendException {
    if (!useCheckzone || checkzone.isEmpty()) {
      return;
    }
    CommandResult r =
        checker.run(
            // "--": a zone name with a leading hyphen is never read as an option.
            List.of(checkzone.get().toString(), "--", zone.toString(), candidate.toString()),
            Duration.ofMinutes(5));
    if (!r.succeeded()) {
      String why =
          (r.stdout() + "\n" + r.stderr())
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty())
              .findFirst()
              .orElse("exit status " + r.exitCode());
      throw new BackendException(
          Kind.REJECTED,
          "zone " + zone + " not written: named would not load it (named-checkzone: " + why + ")");
    }
  }

  /** Whether zone files are checked with named-checkzone before named sees them (tests). */
  void useCheckzone(boolean use) {
    this.useCheckzone = use;
  }

  private static Optional<Path> findCheckzone() {
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
      Path p = Path.of(dir, "named-checkzone");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until named serves {@code serial} for the zone. named loads a zone after answering {@code
   * reload} (and may after {@code addzone}); until it does, a NOTIFY would find the old serial and
   * transfer the same version again, and a controller polling the SOA would see an update
   * acknowledged but not served.
   */
  private void awaitServed(Name zone, long serial) throws BackendException {
    soaProbe.awaitSerial(
        zone,
        serial,
        config.rndcTimeout(),
        "named",
        "see named's log for why it did not load " + fileFor(zone));
  }
}
