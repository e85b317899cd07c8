// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnsagent.spi.ZoneNames;
import org.xbill.DNS.Name;

/**
 * The scripts the backend runs on Microsoft DNS: fixed text per operation and API, plus a data
 * section of single-quoted literals ({@link PsLiteral}) built from validated zone names and master
 * addresses. Every script prints one JSON line per zone, {@code
 * {"zone":..,"ok":..,"error":..,"serial":..}}, read by {@link ResultLines}.
 *
 * <p>A zone is the agent's when its zone file is {@link #zoneFile}: {@code dnsagent-} plus a file
 * name derived from the zone. Zones with another file (or none: AD-integrated) were configured by
 * hand and are reported as {@code unmanaged}, never changed.
 */
public final class PowerShellScripts {
  /** The prefix of every zone file the agent creates: its mark on the zones it owns. */
  public static final String FILE_PREFIX = "dnsagent-";

  /** What a script does. */
  public enum Operation {
    CREATE("create"),
    REFRESH("refresh"),
    DELETE("delete"),
    SOA("soa"),
    INVENTORY("inventory"),
    HEALTH("health");

    private final String word;

    Operation(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** Which interface of the server the scripts use. */
  public enum Api {
    /** The {@code DnsServer} PowerShell module (Windows Server 2012 and later). */
    DNSSERVER("dnsserver"),
    /** The {@code root\MicrosoftDNS} WMI classes through CIM cmdlets. */
    WMI("wmi");

    private final String word;

    Api(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    public static Api of(String word) {
      for (Api api : values()) {
        if (api.word.equals(word)) {
          return api;
        }
      }
      throw new IllegalArgumentException("unknown msdns_api " + word);
    }
  }

  static final String PRELUDE =
      """
      $ErrorActionPreference = 'Stop'
      $ProgressPreference = 'SilentlyContinue'
      function Out-Result($z, $ok, $err, $serial) {
      [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
      }
      """;

  private static final String LOOP_HEAD =
      """
      for ($i = 0; $i -lt $zones.Count; $i++) {
      $z = $zones[$i]; $f = $files[$i]
      try {
      """;

  private static final String LOOP_TAIL =
      """
      } catch {
      Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
      }
      }
      """;

  private static final String DS_GET =
      "$old = Get-DnsServerZone -Name $z -ErrorAction SilentlyContinue\n";

  private static final String DS_SERIAL =
      """
      $soa = Get-DnsServerResourceRecord -ZoneName $z -Name '@' -RRType Soa -ErrorAction SilentlyContinue
      if ($null -eq $soa) { Out-Result $z $true $null $null }
      else { Out-Result $z $true $null ([uint32]$soa.RecordData.SerialNumber) }
      """;

  private static final String WMI_ALL =
      "$all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')\n";

  private static final String WMI_SOAS =
      """
      $soas = @{}
      foreach ($s in @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_SOAType')) {
      if ($s.OwnerName -eq $s.ContainerName) { $soas[$s.ContainerName] = [uint32]$s.SerialNumber }
      }
      """;

  private static final String WMI_GET =
      "$old = $all | Where-Object { $_.Name -eq $z } | Select-Object -First 1\n";

  private static final String WMI_SERIAL =
      """
      if ($soas.ContainsKey($z)) { Out-Result $z $true $null $soas[$z] }
      else { Out-Result $z $true $null $null }
      """;

  private static final String NOT_OURS_DS = "$old.ZoneFile -ne $f";
  private static final String NOT_OURS_WMI = "$old.DataFile -ne $f";

  private final Api api;

  public PowerShellScripts(Api api) {
    this.api = requireNonNull(api, "api is null");
  }

  public Api api() {
    return api;
  }

  /** The zone file the agent gives {@code zone}: {@code dnsagent-example.com.dns}. */
  public static String zoneFile(Name zone) {
    return FILE_PREFIX + ZoneNames.fileName(zone, ".dns");
  }

  /** The zone's name as Microsoft DNS writes it: lower case, no final dot. */
  public static String zoneName(Name zone) {
    String text = zone.canonicalize().toString(true);
    return text.toLowerCase(Locale.ROOT);
  }

  /** Creates secondary zones transferring from {@code masters} (port 53, MS DNS's rule). */
  public PsScript create(List<Name> zones, List<InetAddress> masters) {
    List<String> addresses = new ArrayList<>();
    for (InetAddress m : masters) {
      addresses.add(m.getHostAddress());
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no masters for a secondary zone");
    }
    String body =
        api == Api.DNSSERVER
            ? LOOP_HEAD
                + DS_GET
                + """
                if ($null -eq $old) {
                Add-DnsServerSecondaryZone -Name $z -MasterServers $masters -ZoneFile $f
                Out-Result $z $true $null $null
                } elseif ($old.ZoneFile -eq $f) { Out-Result $z $true $null $null }
                else { Out-Result $z $false 'unmanaged' $null }
                """
                + LOOP_TAIL
            : WMI_ALL
                + LOOP_HEAD
                + WMI_GET
                + """
                if ($null -eq $old) {
                Invoke-CimMethod -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone' \
                -MethodName 'CreateZone' -Arguments @{ ZoneName = $z; ZoneType = [uint32]1; \
                DsIntegrated = $false; DataFileName = $f; IpAddr = [string[]]$masters } | Out-Null
                Out-Result $z $true $null $null
                } elseif ($old.DataFile -eq $f) { Out-Result $z $true $null $null }
                else { Out-Result $z $false 'unmanaged' $null }
                """
                + LOOP_TAIL;
    return script(Operation.CREATE, zones, "$masters = " + PsLiteral.array(addresses) + "\n", body);
  }

  /** Asks the server to refresh zones from their masters. */
  public PsScript refresh(List<Name> zones) {
    String action =
        api == Api.DNSSERVER
            ? "Start-DnsServerZoneTransfer -Name $z"
            : "Invoke-CimMethod -InputObject $old -MethodName 'ForceRefresh' | Out-Null";
    return ownedOperation(
        Operation.REFRESH,
        zones,
        "if ($null -eq $old) { Out-Result $z $false 'absent' $null }\n",
        action + "\nOut-Result $z $true $null $null\n");
  }

  /** Removes zones; an absent zone is success. */
  public PsScript delete(List<Name> zones) {
    String action =
        api == Api.DNSSERVER
            ? "Remove-DnsServerZone -Name $z -Force"
            : "Remove-CimInstance -InputObject $old";
    return ownedOperation(
        Operation.DELETE,
        zones,
        "if ($null -eq $old) { Out-Result $z $true $null $null }\n",
        action + "\nOut-Result $z $true $null $null\n");
  }

  /**
   * The served SOA serial of each zone (null while not loaded); {@code absent}, {@code unmanaged}.
   */
  public PsScript soa(List<Name> zones) {
    return ownedOperation(
        Operation.SOA,
        zones,
        "if ($null -eq $old) { Out-Result $z $false 'absent' $null }\n",
        api == Api.DNSSERVER ? DS_SERIAL : WMI_SERIAL);
  }

  /** Every zone on the server: the agent's with their serials, the others as unmanaged. */
  public PsScript inventory() {
    String body =
        api == Api.DNSSERVER
            ? """
            foreach ($zo in @(Get-DnsServerZone)) {
            if ($zo.IsAutoCreated -or $zo.ZoneName -eq 'TrustAnchors') { continue }
            $z = $zo.ZoneName
            try {
            if ($zo.ZoneFile -like ($prefix + '*')) {
            """
                + DS_SERIAL
                + """
                } else { Out-Result $z $false 'unmanaged' $null }
                """
                + LOOP_TAIL
            : WMI_ALL
                + WMI_SOAS
                + """
                foreach ($zo in $all) {
                if ($zo.AutoCreated -or $zo.Name -eq 'TrustAnchors') { continue }
                $z = $zo.Name
                try {
                if ($zo.DataFile -like ($prefix + '*')) {
                """
                + WMI_SERIAL
                + """
                } else { Out-Result $z $false 'unmanaged' $null }
                """
                + LOOP_TAIL;
    return new PsScript(
        Operation.INVENTORY,
        header(Operation.INVENTORY) + "$prefix = " + PsLiteral.quote(FILE_PREFIX) + "\n" + body,
        List.of());
  }

  /** Fails unless the DNS Server service runs; prints one line for the root. */
  public PsScript health() {
    return new PsScript(
        Operation.HEALTH,
        header(Operation.HEALTH)
            + """
            $s = Get-Service -Name 'DNS'
            if ($s.Status -ne 'Running') { throw ('the DNS Server service is ' + $s.Status) }
            Out-Result '.' $true $null $null
            """,
        List.of());
  }

  private PsScript ownedOperation(Operation op, List<Name> zones, String ifAbsent, String ifOurs) {
    String notOurs = api == Api.DNSSERVER ? NOT_OURS_DS : NOT_OURS_WMI;
    String body =
        (api == Api.WMI ? WMI_ALL : "")
            + (api == Api.WMI && op == Operation.SOA ? WMI_SOAS : "")
            + LOOP_HEAD
            + (api == Api.DNSSERVER ? DS_GET : WMI_GET)
            + ifAbsent
            + "elseif ("
            + notOurs
            + ") { Out-Result $z $false 'unmanaged' $null }\n"
            + "else {\n"
            + ifOurs
            + "}\n"
            + LOOP_TAIL;
    return script(op, zones, "", body);
  }

  private PsScript script(Operation op, List<Name> zones, String extraData, String body) {
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("a script for no zone");
    }
    List<String> names = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Name zone : zones) {
      String problem = ZoneNames.problem(zone).orElse(null);
      if (problem != null) {
        throw new IllegalArgumentException("zone " + zone + ": " + problem);
      }
      names.add(zoneName(zone));
      files.add(zoneFile(zone));
    }
    String text =
        header(op)
            + extraData
            + "$zones = "
            + PsLiteral.array(names)
            + "\n$files = "
            + PsLiteral.array(files)
            + "\n"
            + body;
    return new PsScript(op, text, zones);
  }

  private String header(Operation op) {
    return "# dns-agent msdns " + op.word() + " " + api.word() + "\n" + PRELUDE;
  }
}
