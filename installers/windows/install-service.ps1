# SPDX-License-Identifier: Apache-2.0
<#
.SYNOPSIS
Installs dns-agent as a Windows service from this unpacked zip, and starts it.

.DESCRIPTION
Run from an elevated PowerShell (as Administrator) in the unpacked dns-agent folder:

    .\install-service.ps1                      # virtual account NT SERVICE\dns-agent
    .\install-service.ps1 -Account 'EXAMPLE\svc-dnsagent$' -GrantDnsAdmins

1. Checks that Java is 17 or newer (-JavaHome, else JAVA_HOME, else java.exe on PATH).
2. Creates %ProgramData%\dns-agent\{state,logs} and, if it does not exist, the configuration
   %ProgramData%\dns-agent\dns-agent.conf from conf\dns-agent.conf.sample (C:\ProgramData in it
   replaced by this host's %ProgramData%), and validates it (dns-agent check-config).
3. Registers the service (dns-agent service install: command line, account, start type,
   recovery actions, Event Log source; it depends on the DNS service when there is one).
4. Sets the ACLs: the configuration readable by Administrators, SYSTEM and the service's account
   only; state\ and logs\ writable by the account; nothing inherited from %ProgramData%.
5. With -GrantDnsAdmins, adds the account to the local DnsAdmins group (the msdns backend needs
   it; DnsAdmins is a powerful group, see docs\msdns.md).
6. Starts the service (not with -NoStart) and waits until it runs.

No password is ever given on a command line: an account with a password (not the virtual
account, LocalService, NetworkService nor a group managed service account) needs -PasswordFile,
a file holding it (delete the file afterwards).
#>
#Requires -Version 5.1
#Requires -RunAsAdministrator
[CmdletBinding()]
param(
    [string]$ServiceName = 'dns-agent',
    [string]$Account = 'virtual',
    [string]$PasswordFile = '',
    [ValidateSet('auto', 'delayed-auto', 'demand')]
    [string]$StartType = 'auto',
    [string]$ConfigFile = '',
    [string]$JavaHome = '',
    [switch]$GrantDnsAdmins,
    [switch]$NoStart
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$AgentHome = $PSScriptRoot
$Launcher = Join-Path $AgentHome 'bin\dns-agent.cmd'
$Sample = Join-Path $AgentHome 'conf\dns-agent.conf.sample'
$DataDir = Join-Path $env:ProgramData 'dns-agent'
$StateDir = Join-Path $DataDir 'state'
$LogDir = Join-Path $DataDir 'logs'
if (-not $ConfigFile) { $ConfigFile = Join-Path $DataDir 'dns-agent.conf' }

function Fail([string]$Message) {
    [Console]::Error.WriteLine("install-service: $Message")
    exit 2
}

function Find-Java {
    if ($JavaHome) { $java = Join-Path $JavaHome 'bin\java.exe' }
    elseif ($env:JAVA_HOME) { $java = Join-Path $env:JAVA_HOME 'bin\java.exe' }
    else {
        $cmd = Get-Command -Name 'java.exe' -CommandType Application -ErrorAction SilentlyContinue |
            Select-Object -First 1
        if (-not $cmd) { Fail 'no Java found: install Java 17 or newer, then set JAVA_HOME or give -JavaHome' }
        $java = $cmd.Source
    }
    if (-not (Test-Path -LiteralPath $java -PathType Leaf)) { Fail "no java.exe at $java" }
    return (Resolve-Path -LiteralPath $java).ProviderPath
}

# The Java's feature version (17 for 17.0.12; 8 for 1.8): java -XshowSettings:properties -version
# prints java.specification.version on standard error, read here without PowerShell turning those
# lines into errors.
function Get-JavaVersion([string]$Java) {
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $Java
    $psi.Arguments = '-XshowSettings:properties -version'
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEnd()
    $process.WaitForExit()
    $text = $stdout.Result + $stderr
    if ($text -match 'java\.specification\.version = (\d+)(?:\.(\d+))?') {
        $major = [int]$Matches[1]
        if ($major -eq 1 -and $Matches[2]) { $major = [int]$Matches[2] }
        return $major
    }
    Fail "cannot tell the version of $Java"
}

function New-Rule($Identity, [string]$Rights, [bool]$Directory) {
    $inherit = if ($Directory) { 'ContainerInherit, ObjectInherit' } else { 'None' }
    return New-Object System.Security.AccessControl.FileSystemAccessRule($Identity, $Rights, $inherit, 'None', 'Allow')
}

# An ACL of its own (nothing inherited from %ProgramData%, where Users may read): Administrators
# and SYSTEM full control (by SID: the names are translated on non-English Windows), and the
# service's account $Rights, if there is one.
function Set-PrivateAcl([string]$Path, $Identity, [string]$Rights) {
    $directory = Test-Path -LiteralPath $Path -PathType Container
    if ($directory) { $acl = New-Object System.Security.AccessControl.DirectorySecurity }
    else { $acl = New-Object System.Security.AccessControl.FileSecurity }
    $acl.SetAccessRuleProtection($true, $false)
    $admins = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')
    $system = New-Object System.Security.Principal.SecurityIdentifier('S-1-5-18')
    $acl.AddAccessRule((New-Rule $admins 'FullControl' $directory))
    $acl.AddAccessRule((New-Rule $system 'FullControl' $directory))
    if ($Identity) { $acl.AddAccessRule((New-Rule $Identity $Rights $directory)) }
    Set-Acl -LiteralPath $Path -AclObject $acl
}

# The account as the ACLs name it; $null for LocalSystem (SYSTEM is in every ACL already).
function Get-ServiceIdentity {
    switch -Regex ($Account) {
        '^(|virtual)$' { return New-Object System.Security.Principal.NTAccount("NT SERVICE\$ServiceName") }
        '^(?i)(NT AUTHORITY\\)?LocalService$' { return New-Object System.Security.Principal.SecurityIdentifier('S-1-5-19') }
        '^(?i)(NT AUTHORITY\\)?NetworkService$' { return New-Object System.Security.Principal.SecurityIdentifier('S-1-5-20') }
        '^(?i)(LocalSystem|SYSTEM|NT AUTHORITY\\SYSTEM)$' { return $null }
        default { return New-Object System.Security.Principal.NTAccount($Account) }
    }
}

if ($ServiceName -notmatch '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$') { Fail "bad service name '$ServiceName'" }
if (-not (Test-Path -LiteralPath $Launcher -PathType Leaf)) { Fail "no ${Launcher}: run this from the unpacked dns-agent folder" }

# 1. Java 17 or newer; the launcher runs this one too.
$Java = Find-Java
$version = Get-JavaVersion $Java
if ($version -lt 17) { Fail "$Java is Java $version; dns-agent needs Java 17 or newer (-JavaHome DIR)" }
$env:JAVA = $Java
Write-Host "Java ${version}: $Java"

# 2. Directories and the configuration.
foreach ($dir in @($DataDir, $StateDir, $LogDir)) {
    if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir | Out-Null }
}
Set-PrivateAcl $DataDir $null ''
$created = $false
if (-not (Test-Path -LiteralPath $ConfigFile)) {
    $text = [System.IO.File]::ReadAllText($Sample).Replace('C:\ProgramData', $env:ProgramData)
    New-Item -ItemType File -Path $ConfigFile | Out-Null
    Set-PrivateAcl $ConfigFile $null ''
    [System.IO.File]::WriteAllText($ConfigFile, $text, (New-Object System.Text.UTF8Encoding($false)))
    $created = $true
    Write-Host "created $ConfigFile from the sample"
}
& $Launcher check-config --config-file $ConfigFile | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "$ConfigFile is not valid (above); fix it and run this again" }

# 3. The service.
$install = @('service', 'install', '--name', $ServiceName, '--config-file', $ConfigFile,
    '--account', $Account, '--start-type', $StartType, '--java', $Java, '--home', $AgentHome,
    '--log-dir', $LogDir)
if ($PasswordFile) { $install += @('--password-file', (Resolve-Path -LiteralPath $PasswordFile).ProviderPath) }
if (Get-Service -Name 'DNS' -ErrorAction SilentlyContinue) { $install += @('--depends-on', 'DNS') }
& $Launcher @install
if ($LASTEXITCODE -ne 0) { Fail "dns-agent service install failed (above)" }

# 4. ACLs, now that the service (and so its virtual account) exists.
$identity = Get-ServiceIdentity
Set-PrivateAcl $DataDir $identity 'ReadAndExecute'
Set-PrivateAcl $ConfigFile $identity 'Read'
Set-PrivateAcl $StateDir $identity 'Modify'
Set-PrivateAcl $LogDir $identity 'Modify'
if ($PasswordFile) {
    Write-Host "the account needs the right 'Log on as a service' (secpol.msc, User Rights Assignment); delete $PasswordFile now"
}

# 5. DnsAdmins.
$member = if ($identity) { $identity.Translate([System.Security.Principal.NTAccount]).Value } else { $null }
if ($member) {
    $group = Get-LocalGroup -Name 'DnsAdmins' -ErrorAction SilentlyContinue
    if ($GrantDnsAdmins -and $group) {
        $already = Get-LocalGroupMember -Group 'DnsAdmins' -ErrorAction SilentlyContinue |
            Where-Object { $_.Name -eq $member }
        if (-not $already) { Add-LocalGroupMember -Group 'DnsAdmins' -Member $member }
        Write-Host "$member is in DnsAdmins"
    } elseif ($GrantDnsAdmins) {
        Write-Warning "no local group DnsAdmins (a domain controller?): add $member to the domain's DnsAdmins; a virtual account cannot be, use a group managed service account"
    } else {
        Write-Warning "the msdns backend needs $member in DnsAdmins: run again with -GrantDnsAdmins, or add it yourself"
    }
}

# 6. Start.
if ($NoStart) {
    Write-Host "installed; start it with: $Launcher service start --name $ServiceName"
    exit 0
}
if ($created) {
    Write-Warning "$ConfigFile is the sample: set masters and allow_notify, then restart the service"
}
& $Launcher service start --name $ServiceName
if ($LASTEXITCODE -ne 0) { Fail "the service did not start (above)" }
exit 0
