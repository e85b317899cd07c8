# SPDX-License-Identifier: Apache-2.0
<#
.SYNOPSIS
Stops and removes the dns-agent Windows service.

.DESCRIPTION
Run from an elevated PowerShell in the unpacked dns-agent folder. The configuration, state
(journal) and logs under %ProgramData%\dns-agent stay, unless -Purge is given. The zones the
agent created in Microsoft DNS stay as they are.
#>
#Requires -Version 5.1
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [string]$ServiceName = 'dns-agent',
    [switch]$Purge
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Launcher = Join-Path $PSScriptRoot 'bin\dns-agent.cmd'
$DataDir = Join-Path $env:ProgramData 'dns-agent'

function Fail([string]$Message) {
    [Console]::Error.WriteLine("uninstall-service: $Message")
    exit 2
}

if ($ServiceName -notmatch '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$') { Fail "bad service name '$ServiceName'" }

# The virtual account leaves DnsAdmins before it disappears with the service.
$virtual = "NT SERVICE\$ServiceName"
$group = Get-LocalGroup -Name 'DnsAdmins' -ErrorAction SilentlyContinue
if ($group) {
    $entry = Get-LocalGroupMember -Group 'DnsAdmins' -ErrorAction SilentlyContinue |
        Where-Object { $_.Name -eq $virtual }
    if ($entry) { Remove-LocalGroupMember -Group 'DnsAdmins' -Member $virtual }
}

& $Launcher service uninstall --name $ServiceName
if ($LASTEXITCODE -ne 0) { Fail "dns-agent service uninstall failed (above)" }

if ($Purge) {
    if (Test-Path -LiteralPath $DataDir) { Remove-Item -LiteralPath $DataDir -Recurse -Force }
    Write-Host "removed $DataDir (configuration, state, logs)"
}
exit 0
