// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.CallBatcher;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.spi.ZoneInventory;
import org.dnsagent.spi.ZoneNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;

/**
 * {@code zone_mode = secondary}: Microsoft DNS holds secondary zones that it transfers from the
 * masters itself (on port 53, its only port). Creates, refreshes and deletes queued at the same
 * moment go in one script ({@link CallBatcher}).
 */
public final class MsDnsSecondaryBackend implements SecondaryBackend, ZoneInventory {
  private static final Logger LOG = LoggerFactory.getLogger(MsDnsSecondaryBackend.class);
  private static final Pattern CLIXML_ERROR = Pattern.compile("<S S=\"Error\">(.*?)</S>");

  private final PowerShellScripts scripts;
  private final ScriptRunner runner;
  private final List<InetAddress> masters;
  private final Duration timeout;
  private final int maxBatch;
  private final CallBatcher<Name> creates;
  private final CallBatcher<Name> refreshes;
  private final CallBatcher<Name> deletes;
  private final CallBatcher<Name> checks;

  public MsDnsSecondaryBackend(
      PowerShellScripts scripts,
      ScriptRunner runner,
      List<InetAddress> masters,
      Duration timeout,
      int maxBatch) {
    this.scripts = requireNonNull(scripts, "scripts is null");
    this.runner = requireNonNull(runner, "runner is null");
    this.masters = List.copyOf(masters);
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.maxBatch = maxBatch;
    this.creates =
        new CallBatcher<>(zones -> runZones(zones, z -> scripts.create(z, this.masters)), maxBatch);
    this.refreshes = new CallBatcher<>(zones -> runZones(zones, scripts::refresh), maxBatch);
    this.deletes = new CallBatcher<>(zones -> runZones(zones, scripts::delete), maxBatch);
    this.checks = new CallBatcher<>(zones -> runZones(zones, scripts::soa), maxBatch);
  }

  @Override
  public void start() throws BackendException {
    try {
      runChecked(scripts.health());
    } catch (BackendException e) {
      throw new BackendException(
          e.kind(),
          "Microsoft DNS on " + runner.description() + " is not usable: " + e.getMessage(),
          e);
    }
    LOG.info(
        "msdns: Microsoft DNS reachable via {}, API {}, masters {}",
        runner.description(),
        scripts.api().word(),
        masters);
  }

  @Override
  public Optional<SOARecord> findSoa(Name zone) throws BackendException {
    ResultLines.Line line = soaLine(zone);
    if (!line.ok() || line.serial().isEmpty()) {
      return Optional.empty(); // absent, not loaded yet, or configured by hand: not ours to report
    }
    Name canonical = zone.canonicalize();
    return Optional.of(
        new SOARecord(
            canonical, DClass.IN, 0, canonical, canonical, line.serial().getAsLong(), 0, 0, 0, 0));
  }

  /** What the soa script says of one zone: ours (serial, or none while not loaded), or why not. */
  ResultLines.Line soaLine(Name zone) throws BackendException {
    validate(zone);
    return runLines(List.of(zone), scripts::soa).get(0);
  }

  /** Every zone line of the inventory script: ours (ok, serial if loaded), or unmanaged. */
  List<ResultLines.Line> inventoryLines() throws BackendException {
    return parse(runChecked(scripts.inventory()));
  }

  /**
   * Checks that Microsoft DNS holds the zone as the agent's (the soa script, batched like creates):
   * REJECTED if absent or configured by hand, UNAVAILABLE if it cannot be asked.
   */
  void checkOurs(Name zone) throws BackendException {
    validate(zone);
    checks.submit(zone);
  }

  /** Where the scripts run, for messages. */
  String where() {
    return runner.description();
  }

  @Override
  public void createSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    validate(zone);
    creates.submit(zone);
  }

  @Override
  public void refreshSecondaryZone(Name zone, SOARecord masterSoa) throws BackendException {
    validate(zone);
    refreshes.submit(zone);
  }

  @Override
  public void deleteZone(Name zone) throws BackendException {
    validate(zone);
    deletes.submit(zone);
  }

  @Override
  public Inventory inventory() throws BackendException {
    List<ResultLines.Line> lines = inventoryLines();
    Map<Name, Long> served = new HashMap<>();
    Set<Name> unmanaged = new HashSet<>();
    for (ResultLines.Line line : lines) {
      Name name;
      try {
        name = Name.fromString(line.zone(), Name.root).canonicalize();
      } catch (TextParseException e) {
        LOG.warn("msdns: skipping zone {} in the inventory: {}", line.zone(), e.getMessage());
        continue;
      }
      if (line.ok()) {
        line.serial().ifPresent(s -> served.put(name, s));
      } else if (line.error().filter("unmanaged"::equals).isPresent()) {
        unmanaged.add(name);
      }
    }
    return new Inventory(served, unmanaged);
  }

  @Override
  public BackendHealth checkHealth() {
    try {
      runChecked(scripts.health());
      return BackendHealth.ok(runner.description());
    } catch (BackendException e) {
      return BackendHealth.failing(e.getMessage());
    }
  }

  @Override
  public void close() {
    runner.close();
  }

  // ---------------------------------------------------------------- internals

  private static void validate(Name zone) throws BackendException {
    Optional<String> problem = ZoneNames.problem(zone);
    if (problem.isPresent()) {
      throw new BackendException(Kind.REJECTED, "zone " + zone + ": " + problem.get());
    }
  }

  private List<BackendException> runZones(List<Name> zones, Function<List<Name>, PsScript> build)
      throws BackendException {
    List<ResultLines.Line> lines = runLines(zones, build);
    List<BackendException> outcomes = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      outcomes.add(outcome(zones.get(i), lines.get(i)));
    }
    return outcomes;
  }

  /** Runs {@code build} over the zones in as few scripts as fit the runner; one line per zone. */
  private List<ResultLines.Line> runLines(List<Name> zones, Function<List<Name>, PsScript> build)
      throws BackendException {
    List<ResultLines.Line> all = new ArrayList<>();
    int from = 0;
    while (from < zones.size()) {
      int to = Math.min(zones.size(), from + maxBatch);
      PsScript script = build.apply(zones.subList(from, to));
      while (script.text().length() > runner.maxScriptChars() && to - from > 1) {
        to = from + (to - from) / 2;
        script = build.apply(zones.subList(from, to));
      }
      all.addAll(matched(script, parse(runChecked(script))));
      from = to;
    }
    return all;
  }

  private static List<ResultLines.Line> matched(PsScript script, List<ResultLines.Line> lines)
      throws BackendException {
    List<Name> zones = script.zones();
    if (lines.size() != zones.size()) {
      throw new BackendException(
          Kind.INTERNAL,
          script.operation().word()
              + " script printed "
              + lines.size()
              + " results for "
              + zones.size()
              + " zones");
    }
    for (int i = 0; i < zones.size(); i++) {
      String expected = PowerShellScripts.zoneName(zones.get(i));
      if (!lines.get(i).zone().toLowerCase(Locale.ROOT).equals(expected)) {
        throw new BackendException(
            Kind.INTERNAL,
            script.operation().word()
                + " script reported zone "
                + lines.get(i).zone()
                + " where "
                + expected
                + " was expected");
      }
    }
    return lines;
  }

  private static BackendException outcome(Name zone, ResultLines.Line line) {
    if (line.ok()) {
      return null;
    }
    String error = line.error().orElse("failed without a message");
    if (error.equals("unmanaged")) {
      return new BackendException(
          Kind.REJECTED,
          "zone "
              + zone
              + " was configured on Microsoft DNS by hand (its zone file is not "
              + PowerShellScripts.zoneFile(zone)
              + "): the agent leaves it alone");
    }
    if (error.equals("absent")) {
      return new BackendException(Kind.REJECTED, "zone " + zone + " is not on Microsoft DNS");
    }
    if (isAccessDenied(error)) {
      return new BackendException(
          Kind.MISCONFIGURED,
          "zone " + zone + ": " + error + " (the account needs DnsAdmins membership)");
    }
    return new BackendException(Kind.REJECTED, "zone " + zone + ": " + error);
  }

  private static boolean isAccessDenied(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("access is denied") || lower.contains("access denied");
  }

  private ScriptRunner.Output runChecked(PsScript script) throws BackendException {
    ScriptRunner.Output output = runner.run(script, timeout);
    if (output.exitCode() == 0) {
      return output;
    }
    String message = errorText(output.stderr());
    String what =
        script.operation().word()
            + " script on "
            + runner.description()
            + " exited "
            + output.exitCode()
            + ": "
            + message;
    String lower = message.toLowerCase(Locale.ROOT);
    if (isAccessDenied(message)
        || lower.contains("is not recognized")
        || lower.contains("invalid namespace")
        || lower.contains("cannot find any service")) {
      return throwing(new BackendException(Kind.MISCONFIGURED, what));
    }
    return throwing(new BackendException(Kind.UNAVAILABLE, what));
  }

  private static ScriptRunner.Output throwing(BackendException e) throws BackendException {
    throw e;
  }

  private static List<ResultLines.Line> parse(ScriptRunner.Output output) throws BackendException {
    try {
      return ResultLines.parse(output.stdout());
    } catch (IllegalArgumentException e) {
      throw new BackendException(Kind.INTERNAL, "unexpected script output: " + e.getMessage(), e);
    }
  }

  /** The first error message in stderr, plain or as PowerShell's CLIXML. */
  static String errorText(String stderr) {
    String text = stderr.strip();
    if (text.startsWith("#< CLIXML")) {
      Matcher m = CLIXML_ERROR.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        sb.append(m.group(1).replace("_x000D_", "").replace("_x000A_", " "));
      }
      text = sb.toString().strip();
    }
    if (text.isEmpty()) {
      return "no error message";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
