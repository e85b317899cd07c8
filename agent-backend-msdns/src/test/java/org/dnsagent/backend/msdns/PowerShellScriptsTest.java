// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.dnsagent.backend.msdns.PowerShellScripts.Api;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The exact text of every script, both APIs. The zones are odd but valid (upper case, a leading
 * hyphen that must never be read as a parameter); hostile names never reach a script.
 */
class PowerShellScriptsTest {
  static final List<Name> ZONES =
      List.of(TestZones.name("Example.COM."), TestZones.name("-oops.odd.example."));
  static final List<InetAddress> MASTERS = masters();

  static List<InetAddress> masters() {
    try {
      return List.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::53"));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void createDnsserver() {
    assertEquals(
        """
        # dns-agent msdns create dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $masters = @('192.0.2.1', '2001:db8:0:0:0:0:0:53')
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = Get-DnsServerZone -Name $z -ErrorAction SilentlyContinue
        if ($null -eq $old) {
        Add-DnsServerSecondaryZone -Name $z -MasterServers $masters -ZoneFile $f
        Out-Result $z $true $null $null
        } elseif ($old.ZoneFile -eq $f) { Out-Result $z $true $null $null }
        else { Out-Result $z $false 'unmanaged' $null }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.DNSSERVER).create(ZONES, MASTERS).text());
  }

  @Test
  void refreshDnsserver() {
    assertEquals(
        """
        # dns-agent msdns refresh dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = Get-DnsServerZone -Name $z -ErrorAction SilentlyContinue
        if ($null -eq $old) { Out-Result $z $false 'absent' $null }
        elseif ($old.ZoneFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        Start-DnsServerZoneTransfer -Name $z
        Out-Result $z $true $null $null
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.DNSSERVER).refresh(ZONES).text());
  }

  @Test
  void deleteDnsserver() {
    assertEquals(
        """
        # dns-agent msdns delete dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = Get-DnsServerZone -Name $z -ErrorAction SilentlyContinue
        if ($null -eq $old) { Out-Result $z $true $null $null }
        elseif ($old.ZoneFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        Remove-DnsServerZone -Name $z -Force
        Out-Result $z $true $null $null
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.DNSSERVER).delete(ZONES).text());
  }

  @Test
  void soaDnsserver() {
    assertEquals(
        """
        # dns-agent msdns soa dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = Get-DnsServerZone -Name $z -ErrorAction SilentlyContinue
        if ($null -eq $old) { Out-Result $z $false 'absent' $null }
        elseif ($old.ZoneFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        $soa = Get-DnsServerResourceRecord -ZoneName $z -Name '@' -RRType Soa -ErrorAction SilentlyContinue
        if ($null -eq $soa) { Out-Result $z $true $null $null }
        else { Out-Result $z $true $null ([uint32]$soa.RecordData.SerialNumber) }
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.DNSSERVER).soa(ZONES).text());
  }

  @Test
  void invDnsserver() {
    assertEquals(
        """
        # dns-agent msdns inventory dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $prefix = 'dnsagent-'
        foreach ($zo in @(Get-DnsServerZone)) {
        if ($zo.IsAutoCreated -or $zo.ZoneName -eq 'TrustAnchors') { continue }
        $z = $zo.ZoneName
        try {
        if ($zo.ZoneFile -like ($prefix + '*')) {
        $soa = Get-DnsServerResourceRecord -ZoneName $z -Name '@' -RRType Soa -ErrorAction SilentlyContinue
        if ($null -eq $soa) { Out-Result $z $true $null $null }
        else { Out-Result $z $true $null ([uint32]$soa.RecordData.SerialNumber) }
        } else { Out-Result $z $false 'unmanaged' $null }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.DNSSERVER).inventory().text());
  }

  @Test
  void healthDnsserver() {
    assertEquals(
        """
        # dns-agent msdns health dnsserver
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $s = Get-Service -Name 'DNS'
        if ($s.Status -ne 'Running') { throw ('the DNS Server service is ' + $s.Status) }
        Out-Result '.' $true $null $null
        """,
        new PowerShellScripts(Api.DNSSERVER).health().text());
  }

  @Test
  void createWmi() {
    assertEquals(
        """
        # dns-agent msdns create wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $masters = @('192.0.2.1', '2001:db8:0:0:0:0:0:53')
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        $all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = $all | Where-Object { $_.Name -eq $z } | Select-Object -First 1
        if ($null -eq $old) {
        Invoke-CimMethod -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone' -MethodName 'CreateZone' -Arguments @{ ZoneName = $z; ZoneType = [uint32]1; DsIntegrated = $false; DataFileName = $f; IpAddr = [string[]]$masters } | Out-Null
        Out-Result $z $true $null $null
        } elseif ($old.DataFile -eq $f) { Out-Result $z $true $null $null }
        else { Out-Result $z $false 'unmanaged' $null }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.WMI).create(ZONES, MASTERS).text());
  }

  @Test
  void refreshWmi() {
    assertEquals(
        """
        # dns-agent msdns refresh wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        $all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = $all | Where-Object { $_.Name -eq $z } | Select-Object -First 1
        if ($null -eq $old) { Out-Result $z $false 'absent' $null }
        elseif ($old.DataFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        Invoke-CimMethod -InputObject $old -MethodName 'ForceRefresh' | Out-Null
        Out-Result $z $true $null $null
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.WMI).refresh(ZONES).text());
  }

  @Test
  void deleteWmi() {
    assertEquals(
        """
        # dns-agent msdns delete wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        $all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = $all | Where-Object { $_.Name -eq $z } | Select-Object -First 1
        if ($null -eq $old) { Out-Result $z $true $null $null }
        elseif ($old.DataFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        Remove-CimInstance -InputObject $old
        Out-Result $z $true $null $null
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.WMI).delete(ZONES).text());
  }

  @Test
  void soaWmi() {
    assertEquals(
        """
        # dns-agent msdns soa wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $zones = @('example.com', '-oops.odd.example')
        $files = @('dnsagent-example.com.dns', 'dnsagent--oops.odd.example.dns')
        $all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')
        $soas = @{}
        foreach ($s in @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_SOAType')) {
        if ($s.OwnerName -eq $s.ContainerName) { $soas[$s.ContainerName] = [uint32]$s.SerialNumber }
        }
        for ($i = 0; $i -lt $zones.Count; $i++) {
        $z = $zones[$i]; $f = $files[$i]
        try {
        $old = $all | Where-Object { $_.Name -eq $z } | Select-Object -First 1
        if ($null -eq $old) { Out-Result $z $false 'absent' $null }
        elseif ($old.DataFile -ne $f) { Out-Result $z $false 'unmanaged' $null }
        else {
        if ($soas.ContainsKey($z)) { Out-Result $z $true $null $soas[$z] }
        else { Out-Result $z $true $null $null }
        }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.WMI).soa(ZONES).text());
  }

  @Test
  void invWmi() {
    assertEquals(
        """
        # dns-agent msdns inventory wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $prefix = 'dnsagent-'
        $all = @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_Zone')
        $soas = @{}
        foreach ($s in @(Get-CimInstance -Namespace 'root\\MicrosoftDNS' -ClassName 'MicrosoftDNS_SOAType')) {
        if ($s.OwnerName -eq $s.ContainerName) { $soas[$s.ContainerName] = [uint32]$s.SerialNumber }
        }
        foreach ($zo in $all) {
        if ($zo.AutoCreated -or $zo.Name -eq 'TrustAnchors') { continue }
        $z = $zo.Name
        try {
        if ($zo.DataFile -like ($prefix + '*')) {
        if ($soas.ContainsKey($z)) { Out-Result $z $true $null $soas[$z] }
        else { Out-Result $z $true $null $null }
        } else { Out-Result $z $false 'unmanaged' $null }
        } catch {
        Out-Result $z $false ('failed: ' + $_.Exception.Message) $null
        }
        }
        """,
        new PowerShellScripts(Api.WMI).inventory().text());
  }

  @Test
  void healthWmi() {
    assertEquals(
        """
        # dns-agent msdns health wmi
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        function Out-Result($z, $ok, $err, $serial) {
        [ordered]@{ zone = $z; ok = $ok; error = $err; serial = $serial } | ConvertTo-Json -Compress
        }
        $s = Get-Service -Name 'DNS'
        if ($s.Status -ne 'Running') { throw ('the DNS Server service is ' + $s.Status) }
        Out-Result '.' $true $null $null
        """,
        new PowerShellScripts(Api.WMI).health().text());
  }

  @Test
  void hostileNamesNeverReachAScript() {
    for (Api api : Api.values()) {
      PowerShellScripts scripts = new PowerShellScripts(api);
      for (Name hostile : HostileNames.all()) {
        List<Name> zones = List.of(TestZones.name("fine.example."), hostile);
        assertThrows(IllegalArgumentException.class, () -> scripts.create(zones, MASTERS));
        assertThrows(IllegalArgumentException.class, () -> scripts.refresh(zones));
        assertThrows(IllegalArgumentException.class, () -> scripts.delete(zones));
        assertThrows(IllegalArgumentException.class, () -> scripts.soa(zones));
      }
    }
  }

  @Test
  void literalsDoubleEveryKindOfSingleQuote() {
    assertEquals("'a''b'", PsLiteral.quote("a'b"));
    assertEquals("'x\u2018\u2018y\u2019\u2019z'", PsLiteral.quote("x\u2018y\u2019z"));
    assertEquals("'$(reboot) `id` \"q\"'", PsLiteral.quote("$(reboot) `id` \"q\""));
    assertEquals("@('a', 'b''c')", PsLiteral.array(List.of("a", "b'c")));
    assertThrows(IllegalArgumentException.class, () -> PsLiteral.quote("a\nb"));
    assertThrows(IllegalArgumentException.class, () -> PsLiteral.quote("a\u0000b"));
  }

  @Test
  void theLongestNameGetsAShortFileName() {
    Name longest = HostileNames.longest();
    String file = PowerShellScripts.zoneFile(longest);
    assertEquals(true, file.startsWith("dnsagent-") && file.endsWith(".dns"), file);
    assertEquals(true, file.length() < 200, file);
  }
}
