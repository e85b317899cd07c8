// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.spi.TsigKeySpec;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A stand-in for a Windows DNS server as PowerShell sees it: a zone table, and an interpreter of
 * exactly the script shapes of {@link PowerShellScripts} (both APIs). It answers as Windows does:
 * one JSON line per zone on stdout, a terminating error as a CLIXML error record on stderr with
 * exit code 1, {@code Access is denied} when the account lacks rights, and scripts it does not know
 * fail as an unknown command would.
 *
 * <p>A secondary zone "transfers" by asking its master for the SOA (over the network, with the
 * test's TSIG key, as the contract's primary requires one; real MS DNS cannot sign transfers).
 * Masters named in scripts are on port 53; {@link #route} says where port 53 really is.
 */
public final class FakeWindowsDns {
  /** A zone as Get-DnsServerZone / MicrosoftDNS_Zone shows it. */
  public static final class Zone {
    final String name;
    final String file;
    final boolean autoCreated;
    public final List<String> masters;
    public volatile Long serial;

    Zone(String name, String file, boolean autoCreated, List<String> masters, Long serial) {
      this.name = name;
      this.file = file;
      this.autoCreated = autoCreated;
      this.masters = List.copyOf(masters);
      this.serial = serial;
    }
  }

  /** What a script run gives back. */
  record Result(int exitCode, String stdout, String stderr) {}

  private static final Pattern HEADER = Pattern.compile("# dns-agent msdns (\\w+) (\\w+)\n");
  private static final Pattern DATA =
      Pattern.compile("(?m)^\\$(zones|files|masters|prefix) = (.*)$");

  private final Map<String, Zone> zones = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final ExecutorService transfers = Executors.newSingleThreadExecutor();
  private final List<String> scripts = new ArrayList<>();
  private volatile Supplier<InetSocketAddress> route;
  private volatile BiConsumer<String, List<String>> onCreated = (zone, masters) -> {};
  private volatile Consumer<String> onDeleted = zone -> {};
  private volatile TsigKeySpec key;
  private volatile boolean accessDenied;
  private volatile boolean serviceStopped;

  public FakeWindowsDns() {
    zones.put("0.in-addr.arpa", new Zone("0.in-addr.arpa", "", true, List.of(), 1L));
    zones.put("TrustAnchors", new Zone("TrustAnchors", "TrustAnchors.dns", false, List.of(), 1L));
  }

  /** Where the masters' port 53 really is (the contract's primary listens on a high port). */
  public void route(InetSocketAddress master, TsigKeySpec transferKey) {
    route(() -> master, transferKey);
  }

  /** Port 53 is wherever {@code master} says when a zone transfers (the relay's bound port). */
  void route(Supplier<InetSocketAddress> master, TsigKeySpec transferKey) {
    this.route = master;
    this.key = transferKey;
  }

  /**
   * Called when a script creates a zone, with the masters it names (a relay test hands the zone to
   * a real secondary, which transfers it as Microsoft DNS would), and when one deletes a zone.
   */
  public void onZones(BiConsumer<String, List<String>> created, Consumer<String> deleted) {
    this.onCreated = created;
    this.onDeleted = deleted;
  }

  synchronized void seedHandZone(String name, long serial) {
    zones.put(name, new Zone(name, name + ".dns", false, List.of(), serial));
  }

  void accessDenied(boolean denied) {
    this.accessDenied = denied;
  }

  void serviceStopped(boolean stopped) {
    this.serviceStopped = stopped;
  }

  public synchronized List<String> scripts() {
    return List.copyOf(scripts);
  }

  public synchronized Optional<Zone> zone(String name) {
    return Optional.ofNullable(zones.get(name));
  }

  /** Runs a script as powershell.exe would. */
  Result run(String script) {
    synchronized (this) {
      scripts.add(script);
    }
    Matcher header = HEADER.matcher(script);
    if (!header.lookingAt()) {
      return error("The term 'x' is not recognized as the name of a cmdlet (unknown script)");
    }
    String op = header.group(1);
    String api = header.group(2);
    boolean wmi = api.equals("wmi");
    if (!api.equals("dnsserver") && !wmi) {
      return error("unknown API " + api);
    }
    if (!script.contains("ConvertTo-Json -Compress")) {
      return error("script without the result function");
    }
    Map<String, List<String>> data = new TreeMap<>();
    Matcher m = DATA.matcher(script);
    while (m.find()) {
      data.put(m.group(1), parseValues(m.group(2)));
    }
    String required = requiredCall(op, wmi);
    if (required == null || !script.contains(required)) {
      return error("The term '" + op + "' is not recognized as the name of a cmdlet");
    }
    if (op.equals("health")) {
      return serviceStopped
          ? error("the DNS Server service is Stopped")
          : ok(line(".", true, null, null));
    }
    if (accessDenied && (wmi || op.equals("inventory"))) {
      // enumerating zones (CIM, or Get-DnsServerZone without SilentlyContinue) is terminating
      return error(wmi ? "Access denied" : "Failed to enumerate zones. Access is denied.");
    }
    if (op.equals("inventory")) {
      return ok(inventory(data.getOrDefault("prefix", List.of("")).get(0)));
    }
    List<String> names = data.getOrDefault("zones", List.of());
    List<String> files = data.getOrDefault("files", List.of());
    if (names.size() != files.size() || names.isEmpty()) {
      return error("Index was outside the bounds of the array.");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(zoneOp(op, names.get(i), files.get(i), data.getOrDefault("masters", List.of())));
    }
    return ok(out.toString());
  }

  private static String requiredCall(String op, boolean wmi) {
    return switch (op) {
      case "create" ->
          wmi
              ? "-MethodName 'CreateZone' -Arguments @{ ZoneName = $z; ZoneType = [uint32]1;"
              : "Add-DnsServerSecondaryZone -Name $z -MasterServers $masters -ZoneFile $f";
      case "refresh" ->
          wmi
              ? "Invoke-CimMethod -InputObject $old -MethodName 'ForceRefresh'"
              : "Start-DnsServerZoneTransfer -Name $z";
      case "delete" ->
          wmi ? "Remove-CimInstance -InputObject $old" : "Remove-DnsServerZone -Name $z -Force";
      case "soa" ->
          wmi
              ? "-ClassName 'MicrosoftDNS_SOAType'"
              : "Get-DnsServerResourceRecord -ZoneName $z -Name '@' -RRType Soa";
      case "inventory" -> wmi ? "foreach ($zo in $all)" : "foreach ($zo in @(Get-DnsServerZone))";
      case "health" -> "Get-Service -Name 'DNS'";
      default -> null;
    };
  }

  private synchronized String zoneOp(String op, String name, String file, List<String> masters) {
    Zone old = zones.get(name);
    boolean ours = old != null && old.file.equalsIgnoreCase(file);
    switch (op) {
      case "create":
        if (old == null) {
          if (accessDenied) {
            return line(
                name, false, "failed: Failed to create zone " + name + ". Access is denied.", null);
          }
          Zone zone = new Zone(name, file, false, masters, null);
          zones.put(name, zone);
          onCreated.accept(name, masters);
          transferLater(zone);
          return line(name, true, null, null);
        }
        return ours ? line(name, true, null, null) : line(name, false, "unmanaged", null);
      case "refresh":
        if (old == null) {
          return line(name, false, "absent", null);
        }
        if (!ours) {
          return line(name, false, "unmanaged", null);
        }
        if (accessDenied) {
          return line(name, false, "failed: Access is denied.", null);
        }
        transferLater(old);
        return line(name, true, null, null);
      case "delete":
        if (old == null) {
          return line(name, true, null, null);
        }
        if (!ours) {
          return line(name, false, "unmanaged", null);
        }
        if (accessDenied) {
          return line(name, false, "failed: Access is denied.", null);
        }
        zones.remove(name);
        onDeleted.accept(name);
        return line(name, true, null, null);
      case "soa":
        if (old == null) {
          return line(name, false, "absent", null);
        }
        return ours ? line(name, true, null, old.serial) : line(name, false, "unmanaged", null);
      default:
        throw new IllegalStateException(op);
    }
  }

  private synchronized String inventory(String prefix) {
    StringBuilder out = new StringBuilder();
    for (Zone zone : zones.values()) {
      if (zone.autoCreated || zone.name.equals("TrustAnchors")) {
        continue;
      }
      if (!prefix.isEmpty() && zone.file.regionMatches(true, 0, prefix, 0, prefix.length())) {
        out.append(line(zone.name, true, null, zone.serial));
      } else {
        out.append(line(zone.name, false, "unmanaged", null));
      }
    }
    return out.toString();
  }

  private void transferLater(Zone zone) {
    transfers.execute(
        () -> {
          OptionalLong serial = askMaster(zone.name);
          if (serial.isPresent()) {
            zone.serial = serial.getAsLong();
          }
        });
  }

  private OptionalLong askMaster(String zone) {
    Supplier<InetSocketAddress> where = route;
    InetSocketAddress master = where == null ? null : where.get();
    if (master == null) {
      return OptionalLong.empty();
    }
    try {
      SimpleResolver resolver = new SimpleResolver(master);
      resolver.setTCP(true);
      resolver.setTimeout(java.time.Duration.ofSeconds(3));
      if (key != null) {
        resolver.setTSIGKey(key.toTsig());
      }
      Name name = Name.fromString(zone, Name.root);
      Message reply = resolver.send(Message.newQuery(Record.newRecord(name, Type.SOA, 1)));
      if (reply.getRcode() != Rcode.NOERROR) {
        return OptionalLong.empty();
      }
      for (Record r : reply.getSection(Section.ANSWER)) {
        if (r instanceof SOARecord soa) {
          return OptionalLong.of(soa.getSerial());
        }
      }
    } catch (IOException e) {
      // the master is down: the zone keeps what it had, as a secondary does
    }
    return OptionalLong.empty();
  }

  /** {@code @('a', 'b''c')} or {@code 'a'}: the values of PowerShell single-quoted literals. */
  static List<String> parseValues(String text) {
    String s = text.strip();
    if (s.startsWith("@(") && s.endsWith(")")) {
      s = s.substring(2, s.length() - 1);
    }
    List<String> values = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == ',') {
        i++;
        continue;
      }
      if (c != '\'') {
        throw new IllegalArgumentException("not a single-quoted literal at " + i + ": " + text);
      }
      StringBuilder value = new StringBuilder();
      i++;
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated literal: " + text);
        }
        char d = s.charAt(i);
        if (d == '\'') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            value.append('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value.append(d);
        i++;
      }
      values.add(value.toString());
    }
    return values;
  }

  /** A line as ConvertTo-Json -Compress writes an ordered dictionary, CRLF-terminated. */
  static String line(String zone, boolean ok, String error, Long serial) {
    return "{\"zone\":\""
        + zone.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"ok\":"
        + ok
        + ",\"error\":"
        + (error == null ? "null" : "\"" + error.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        + ",\"serial\":"
        + (serial == null ? "null" : serial.toString())
        + "}\r\n";
  }

  private static Result ok(String stdout) {
    return new Result(0, stdout, "");
  }

  /** A terminating error: PowerShell over WinRM writes the error record as CLIXML. */
  static Result error(String message) {
    String clixml =
        "#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
            + "<S S=\"Error\">"
            + message.replace("&", "&amp;").replace("<", "&lt;")
            + "_x000D__x000A_</S></Objs>";
    return new Result(1, "", clixml);
  }

  public void close() {
    transfers.shutdownNow();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
