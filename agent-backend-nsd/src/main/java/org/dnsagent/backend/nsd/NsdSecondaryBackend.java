// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.SecondaryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Serial;

/**
 * {@code zone_mode = secondary}: NSD transfers each zone from the masters itself. NSD takes a
 * zone's masters and TSIG key only from a pattern, so the agent keeps one pattern per set of
 * masters in {@code pattern_file} (which nsd.conf includes), adds the pattern for its masters at
 * start-up when it is new and runs {@code reconfig}; zones are added with it, and a NOTIFY becomes
 * {@code transfer} ({@code force_transfer} when NSD serves a serial ahead of the master's).
 */
final class NsdSecondaryBackend extends NsdBackend implements SecondaryBackend {
  private static final Logger log = LoggerFactory.getLogger(NsdSecondaryBackend.class);

  private final String pattern;
  private final List<MasterServer> masters;

  NsdSecondaryBackend(
      NsdConfig config, ControlTransport control, HostAccess host, List<MasterServer> masters) {
    super(config, control, host);
    this.masters = List.copyOf(masters);
    this.pattern = PatternFile.patternName(config.pattern(), this.masters);
  }

  /** The pattern this backend adds zones with. */
  String pattern() {
    return pattern;
  }

  /** Any pattern of the agent's file: zones added before the masters changed are still ours. */
  @Override
  boolean isOurPattern(String name) {
    return name.startsWith(config.pattern() + "-");
  }

  @Override
  void checkConfiguration(NsdConfFile conf) throws BackendException {
    Path file = config.patternFile();
    if (!conf.includes.contains(file)) {
      throw new BackendException(
          Kind.MISCONFIGURED,
          config.nsdConfFile()
              + " does not include the agent's pattern file: add the line include: \""
              + file
              + "\" to it, create that file (empty, writable by the agent, readable by nsd),"
              + " then run nsd-control reconfig");
    }
    Set<String> keysElsewhere = new LinkedHashSet<>(conf.keys);
    // Keys read from our own file are ours to rewrite, not "declared elsewhere".
    PatternFile.read(host.files(), file)
        .ifPresent(
            text -> {
              for (String clause : PatternFile.clauses(text).keySet()) {
                if (clause.startsWith("key ")) {
                  keysElsewhere.remove(clause.substring(4));
                }
              }
            });
    if (PatternFile.ensure(host.files(), file, pattern, masters, keysElsewhere)) {
      ControlReply reconfig = control.command("reconfig");
      if (reconfig.isError() || !reconfig.isOk()) {
        throw new BackendException(
            Kind.MISCONFIGURED,
            "nsd-control reconfig after writing pattern "
                + pattern
                + " to "
                + file
                + " failed: "
                + reconfig.describe());
      }
      log.info("added NSD pattern {} for masters {} to {}", pattern, masters, file);
    }
  }

  /**
   * Adds the zone and returns once NSD serves the master's serial (it transfers right after the
   * add), so that the agent never takes the zone for served while NSD's old processes still answer
   * without it; {@code UNAVAILABLE} if the transfer takes longer than {@code timeout} (the agent
   * retries, and the retry finds the zone added).
   */
  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    provision(zone, masterSoa);
    awaitMasterSerial(zone, masterSoa);
  }

  private void awaitMasterSerial(Name zone, SOARecord masterSoa) throws BackendException {
    Map<Name, BackendException> late = awaitServed(Map.of(zone, masterSoa.getSerial()));
    if (!late.isEmpty()) {
      throw late.get(zone);
    }
  }

  private void provision(Name zone, SOARecord masterSoa) throws BackendException {
    if (addZone(zone, pattern)) {
      return;
    }
    Optional<ZoneStatus> status = status(zone);
    if (status.isEmpty()) {
      if (!addZone(zone, pattern)) {
        throw new BackendException(
            Kind.UNAVAILABLE, "zone " + zone + " keeps appearing and vanishing in NSD");
      }
      return;
    }
    rejectUnlessOurs(zone, status.get(), "not taking it over");
    ours.add(zone);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    checkName(zone);
    if (!ours.contains(zone)) {
      Optional<ZoneStatus> status = status(zone);
      if (status.isEmpty()) {
        createSecondaryZone(zone, masterSoa);
        return;
      }
      rejectUnlessOurs(zone, status.get(), "not refreshing it");
      ours.add(zone);
    }
    Optional<SOARecord> served = soaProbe.find(zone);
    boolean ahead =
        served.isPresent() && Serial.compare(served.get().getSerial(), masterSoa.getSerial()) > 0;
    ControlReply reply = control.command(ahead ? "force_transfer" : "transfer", nsdName(zone));
    if (reply.isOk()) {
      awaitMasterSerial(zone, masterSoa);
      return;
    }
    if (reply.mentions("not configured")) {
      ours.remove(zone);
      createSecondaryZone(zone, masterSoa);
      return;
    }
    throw new BackendException(
        Kind.REJECTED, (ahead ? "force_transfer " : "transfer ") + zone + ": " + reply.describe());
  }
}
