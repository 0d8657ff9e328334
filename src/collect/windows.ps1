#Requires -Version 5.1
<#
konseki live-response collector for Windows (version @KONSEKI_VERSION@).
Windows PowerShell 5.1, run as administrator; installs nothing. Volatile data first (RFC 3227), then
persistence, then event logs, registry hives, Amcache and Prefetch. Everything goes below -Out; the
only other writes are the registry exports Windows itself makes for `reg save` (into -Out) and, unless
-NoShadowCopy, a temporary volume shadow copy for locked files (Amcache.hve, logs), deleted at the end.
Usage: powershell -ExecutionPolicy Bypass -File konseki-collect.ps1 -Out E:\collect [-MaxFileMB 1024]
       [-SkipLogs] [-NoShadowCopy] [-TimeServer HOST] [-KeepDir]
Output: -Out\konseki-collect-<host>-<UTC time>.zip and .zip.sha256; inside, manifest.sha256 (sha256sum
format) covers every collected file and collect.log records every action and error.
Formats: src/sources/live/FIELDS.md in the konseki repository.
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$Out,
  [int]$MaxFileMB = 1024,
  [switch]$SkipLogs,
  [switch]$NoShadowCopy,
  [string]$TimeServer = '',
  [switch]$KeepDir
)

Set-StrictMode -Version 2
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'

$HostName = ($env:COMPUTERNAME -replace '[^A-Za-z0-9._-]', '_')
$Stamp = (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ')
$Name = "konseki-collect-$HostName-$Stamp"
$null = New-Item -ItemType Directory -Force -Path $Out
$OutFull = (Resolve-Path -LiteralPath $Out).ProviderPath
$C = Join-Path $OutFull $Name
foreach ($d in @('volatile', 'persistence', 'logs', 'registry', 'artifacts', 'fs')) {
  $null = New-Item -ItemType Directory -Force -Path (Join-Path $C $d)
}
$LogFile = Join-Path $C 'collect.log'
$Utf8 = New-Object System.Text.UTF8Encoding($false)

function Write-Log([string]$Level, [string]$Message) {
  $line = '{0}{1}{2}{1}{3}' -f (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ'), "`t", $Level, ($Message -replace '[\r\n]+', ' ')
  [System.IO.File]::AppendAllText($LogFile, $line + "`n", $Utf8)
}

# Step NAME { ... }: runs a block, logging its end or its error; one failing step never stops the collection
function Step([string]$StepName, [scriptblock]$Block) {
  try {
    & $Block
    Write-Log 'run' $StepName
  } catch {
    Write-Log 'error' ('{0}: {1}' -f $StepName, $_.Exception.Message)
  }
}

# Text output of a native command into volatile\FILE
function Save-Command([string]$File, [string]$Exe, [string[]]$Arguments) {
  Step "$File ($Exe $($Arguments -join ' '))" {
    $target = Join-Path (Join-Path $C 'volatile') $File
    $text = & $Exe @Arguments 2>&1 | Out-String -Width 4096
    [System.IO.File]::WriteAllText($target, $text, $Utf8)
  }
}

function Iso([object]$Date) {
  if ($null -eq $Date) { return '' }
  return ([datetime]$Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
}

function Save-Csv([object[]]$Rows, [string]$Path) {
  $Rows | Export-Csv -LiteralPath $Path -NoTypeInformation -Encoding UTF8
}

$IsAdmin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
  [Security.Principal.WindowsBuiltInRole]::Administrator)
Write-Log 'start' ('konseki collector @KONSEKI_VERSION@ on {0} as {1} (administrator: {2}), pid {3}, out {4}' -f $env:COMPUTERNAME, [Security.Principal.WindowsIdentity]::GetCurrent().Name, $IsAdmin, $PID, $C)
if (-not $IsAdmin) { Write-Log 'warning' 'not administrator: hives, some processes and locked files will be missing' }
$meta = @(
  'collector=konseki-windows',
  'version=@KONSEKI_VERSION@',
  "host=$env:COMPUTERNAME",
  ('started_utc=' + (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')),
  "collector_pid=$PID",
  "max_file_mb=$MaxFileMB",
  ('os=' + (Get-CimInstance Win32_OperatingSystem).Caption)
)
[System.IO.File]::WriteAllLines((Join-Path $C 'meta.txt'), [string[]]$meta, $Utf8)

# ---- 1. volatile: processes with path, command line, parent, owner, start time, hash --------------------
$Procs = @()
Step 'processes' {
  $hashes = @{}
  $script:Procs = @(Get-CimInstance Win32_Process | ForEach-Object {
      $p = $_
      $owner = ''
      try {
        $o = Invoke-CimMethod -InputObject $p -MethodName GetOwner -ErrorAction Stop
        if ($o.User) { $owner = if ($o.Domain) { "$($o.Domain)\$($o.User)" } else { $o.User } }
      } catch { $owner = '' }
      $path = [string]$p.ExecutablePath
      $exists = ''
      $sha = ''
      if ($path) {
        $exists = [string](Test-Path -LiteralPath $path)
        if ($exists -eq 'True') {
          if (-not $hashes.ContainsKey($path)) {
            try { $hashes[$path] = (Get-FileHash -LiteralPath $path -Algorithm SHA256 -ErrorAction Stop).Hash.ToLower() } catch { $hashes[$path] = '' }
          }
          $sha = $hashes[$path]
        }
      }
      [pscustomobject]@{
        ProcessId = $p.ProcessId
        ParentProcessId = $p.ParentProcessId
        Name = $p.Name
        ExecutablePath = $path
        CommandLine = $p.CommandLine
        CreationDate = (Iso $p.CreationDate)
        Owner = $owner
        SessionId = $p.SessionId
        ExecutableExists = $exists
        ExecutableSha256 = $sha
        IsCollector = [string]($p.ProcessId -eq $PID)
      }
    })
  Save-Csv $script:Procs (Join-Path $C 'volatile\processes.csv')
}
Save-Command 'tasklist.txt' 'tasklist.exe' @('/v', '/fo', 'csv')

# ---- sockets with their processes ------------------------------------------------------------------------
Step 'sockets' {
  $byPid = @{}
  foreach ($p in $script:Procs) { $byPid[[int]$p.ProcessId] = $p }
  $rows = @()
  foreach ($t in @(Get-NetTCPConnection -ErrorAction SilentlyContinue)) {
    $p = $byPid[[int]$t.OwningProcess]
    $rows += [pscustomobject]@{
      Protocol = 'TCP'; LocalAddress = $t.LocalAddress; LocalPort = $t.LocalPort
      RemoteAddress = $t.RemoteAddress; RemotePort = $t.RemotePort; State = [string]$t.State
      OwningProcess = $t.OwningProcess; ProcessName = $(if ($p) { $p.Name } else { '' })
      ProcessPath = $(if ($p) { $p.ExecutablePath } else { '' }); CreationTime = (Iso $t.CreationTime)
    }
  }
  foreach ($u in @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue)) {
    $p = $byPid[[int]$u.OwningProcess]
    $rows += [pscustomobject]@{
      Protocol = 'UDP'; LocalAddress = $u.LocalAddress; LocalPort = $u.LocalPort
      RemoteAddress = ''; RemotePort = ''; State = 'Bound'
      OwningProcess = $u.OwningProcess; ProcessName = $(if ($p) { $p.Name } else { '' })
      ProcessPath = $(if ($p) { $p.ExecutablePath } else { '' }); CreationTime = (Iso $u.CreationTime)
    }
  }
  Save-Csv $rows (Join-Path $C 'volatile\sockets.csv')
}
Save-Command 'netstat.txt' 'netstat.exe' @('-anob')

# ---- logged-in users, network configuration, drivers, volumes, clock -------------------------------------
Save-Command 'quser.txt' 'quser.exe' @()
Save-Command 'ipconfig.txt' 'ipconfig.exe' @('/all')
Save-Command 'route.txt' 'route.exe' @('print')
Save-Command 'arp.txt' 'arp.exe' @('-a')
Save-Command 'dnscache.txt' 'ipconfig.exe' @('/displaydns')
Save-Command 'netuse.txt' 'net.exe' @('use')
Save-Command 'shares.txt' 'net.exe' @('share')
Save-Command 'firewall.txt' 'netsh.exe' @('advfirewall', 'show', 'allprofiles')
Save-Command 'drivers.csv.txt' 'driverquery.exe' @('/v', '/fo', 'csv')
Step 'drivers' {
  Save-Csv @(Get-CimInstance Win32_SystemDriver | Select-Object Name, DisplayName, State, StartMode, PathName) (Join-Path $C 'volatile\drivers.csv')
}
Step 'volumes' {
  Save-Csv @(Get-CimInstance Win32_Volume | Select-Object DriveLetter, Label, FileSystem, Capacity, FreeSpace, DeviceID) (Join-Path $C 'volatile\volumes.csv')
}
Step 'clock' {
  $lines = @(
    ('utc=' + (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')),
    ('local=' + (Get-Date).ToString('yyyy-MM-dd HH:mm:ss.fff zzz')),
    ('timezone=' + (Get-TimeZone).Id)
  )
  [System.IO.File]::WriteAllLines((Join-Path $C 'volatile\clock.txt'), [string[]]$lines, $Utf8)
}
Save-Command 'w32tm-status.txt' 'w32tm.exe' @('/query', '/status')
if ($TimeServer) { Save-Command 'time-reference.txt' 'w32tm.exe' @('/stripchart', "/computer:$TimeServer", '/samples:3', '/dataonly') }

# ---- 2. persistence: services, scheduled tasks, Run keys, WMI subscriptions, startup folders ---------------
Step 'services' {
  Save-Csv @(Get-CimInstance Win32_Service | Select-Object Name, DisplayName, State, StartMode, PathName, StartName, ProcessId) (Join-Path $C 'persistence\services.csv')
}
Step 'scheduled tasks' {
  $rows = @(Get-ScheduledTask | ForEach-Object {
      $t = $_
      $actions = @($t.Actions | ForEach-Object {
          if ($_.PSObject.Properties['Execute'] -and $_.Execute) { ('{0} {1}' -f $_.Execute, $_.Arguments).Trim() } else { [string]$_.CimClass.CimClassName }
        }) -join ' && '
      [pscustomobject]@{
        TaskPath = $t.TaskPath; TaskName = $t.TaskName; State = [string]$t.State; Author = $t.Author
        UserId = $t.Principal.UserId; RunLevel = [string]$t.Principal.RunLevel; Date = $t.Date; Actions = $actions
        Triggers = (@($t.Triggers | ForEach-Object { $_.CimClass.CimClassName }) -join ', ')
      }
    })
  Save-Csv $rows (Join-Path $C 'persistence\tasks.csv')
}
Step 'task files' {
  Copy-Item -LiteralPath "$env:windir\System32\Tasks" -Destination (Join-Path $C 'fs\Tasks') -Recurse -Force -ErrorAction SilentlyContinue
}
Step 'autorun keys' {
  $keys = @(
    'SOFTWARE\Microsoft\Windows\CurrentVersion\Run', 'SOFTWARE\Microsoft\Windows\CurrentVersion\RunOnce',
    'SOFTWARE\Microsoft\Windows\CurrentVersion\RunServices', 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer\Run',
    'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Run', 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\RunOnce',
    'SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon', 'SOFTWARE\Microsoft\Windows NT\CurrentVersion\Windows',
    'SYSTEM\CurrentControlSet\Control\Session Manager'
  )
  $roots = @('HKLM:')
  foreach ($sid in @(Get-ChildItem 'Registry::HKEY_USERS' -ErrorAction SilentlyContinue | Where-Object { $_.PSChildName -notmatch '_Classes$' })) {
    $roots += "Registry::HKEY_USERS\$($sid.PSChildName)"
  }
  $rows = @()
  foreach ($r in $roots) {
    foreach ($k in $keys) {
      $item = Get-ItemProperty -LiteralPath "$r\$k" -ErrorAction SilentlyContinue
      if (-not $item) { continue }
      foreach ($prop in $item.PSObject.Properties) {
        if ($prop.Name -like 'PS*') { continue }
        if ($k -match 'Winlogon$' -and $prop.Name -notin @('Userinit', 'Shell', 'Taskman', 'AppSetup')) { continue }
        if ($k -match 'Windows NT\\CurrentVersion\\Windows$' -and $prop.Name -notin @('AppInit_DLLs', 'Load', 'Run')) { continue }
        if ($k -match 'Session Manager$' -and $prop.Name -notin @('BootExecute', 'SetupExecute')) { continue }
        $rows += [pscustomobject]@{ Hive = $r; Key = $k; Name = $prop.Name; Value = (@($prop.Value) -join ' ') }
      }
    }
  }
  foreach ($ifeo in @(Get-ChildItem 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options' -ErrorAction SilentlyContinue)) {
    $dbg = (Get-ItemProperty -LiteralPath $ifeo.PSPath -ErrorAction SilentlyContinue)
    if ($dbg -and $dbg.PSObject.Properties['Debugger']) {
      $rows += [pscustomobject]@{ Hive = 'HKLM:'; Key = "SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\$($ifeo.PSChildName)"; Name = 'Debugger'; Value = [string]$dbg.Debugger }
    }
  }
  Save-Csv $rows (Join-Path $C 'persistence\runkeys.csv')
}
Step 'wmi subscriptions' {
  $rows = @()
  foreach ($cls in @('__EventFilter', 'CommandLineEventConsumer', 'ActiveScriptEventConsumer', '__FilterToConsumerBinding')) {
    foreach ($o in @(Get-CimInstance -Namespace 'root\subscription' -ClassName $cls -ErrorAction SilentlyContinue)) {
      $detail = switch ($cls) {
        '__EventFilter' { $o.Query }
        'CommandLineEventConsumer' { ('{0} {1}' -f $o.ExecutablePath, $o.CommandLineTemplate).Trim() }
        'ActiveScriptEventConsumer' { ('{0}: {1}' -f $o.ScriptingEngine, $(if ($o.ScriptText) { $o.ScriptText } else { $o.ScriptFileName })) }
        default { ('{0} -> {1}' -f $o.Filter, $o.Consumer) }
      }
      $rows += [pscustomobject]@{ Class = $cls; Name = $(if ($o.PSObject.Properties['Name']) { $o.Name } else { '' }); Detail = $detail }
    }
  }
  Save-Csv $rows (Join-Path $C 'persistence\wmi.csv')
}
Step 'startup folders' {
  $dirs = @("$env:ProgramData\Microsoft\Windows\Start Menu\Programs\StartUp")
  foreach ($u in @(Get-ChildItem "$env:SystemDrive\Users" -Directory -ErrorAction SilentlyContinue)) {
    $dirs += (Join-Path $u.FullName 'AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup')
  }
  $null = New-Item -ItemType Directory -Force -Path (Join-Path $C 'fs\Startup')
  $rows = @()
  foreach ($d in $dirs) {
    foreach ($f in @(Get-ChildItem -LiteralPath $d -File -Force -ErrorAction SilentlyContinue)) {
      $h = ''
      try { $h = (Get-FileHash -LiteralPath $f.FullName -Algorithm SHA256).Hash.ToLower() } catch { $h = '' }
      $rows += [pscustomobject]@{ Path = $f.FullName; Size = $f.Length; CreationTimeUtc = (Iso $f.CreationTimeUtc); LastWriteTimeUtc = (Iso $f.LastWriteTimeUtc); Sha256 = $h }
      $dest = Join-Path (Join-Path $C 'fs\Startup') ($f.FullName -replace '^[A-Za-z]:\\', '' -replace '[\\/]', '_')
      Copy-Item -LiteralPath $f.FullName -Destination $dest -Force -ErrorAction SilentlyContinue
    }
  }
  Save-Csv $rows (Join-Path $C 'persistence\startup.csv')
}

# ---- 3. event logs, registry hives, Amcache, Prefetch ---------------------------------------------------------
$Shadow = $null
function Get-Shadow {
  if ($NoShadowCopy) { return $null }
  if ($null -ne $script:Shadow) { return $script:Shadow }
  try {
    $r = Invoke-CimMethod -ClassName Win32_ShadowCopy -MethodName Create -Arguments @{ Volume = "$env:SystemDrive\"; Context = 'ClientAccessible' }
    if ($r.ReturnValue -ne 0) { throw "Win32_ShadowCopy.Create returned $($r.ReturnValue)" }
    $s = Get-CimInstance Win32_ShadowCopy | Where-Object { $_.ID -eq $r.ShadowID }
    $script:Shadow = $s
    Write-Log 'run' "shadow copy $($s.ID) at $($s.DeviceObject)"
  } catch {
    Write-Log 'error' "shadow copy: $($_.Exception.Message)"
    $script:Shadow = $false
  }
  return $script:Shadow
}
function Copy-Locked([string]$Path, [string]$Dest) {
  try {
    Copy-Item -LiteralPath $Path -Destination $Dest -Force -ErrorAction Stop
    return $true
  } catch {
    $s = Get-Shadow
    if (-not $s) { return $false }
    $inShadow = $s.DeviceObject + ($Path.Substring(2))
    try {
      Copy-Item -LiteralPath $inShadow -Destination $Dest -Force -ErrorAction Stop
      Write-Log 'copy' "$Path (from the shadow copy)"
      return $true
    } catch { return $false }
  }
}

$MaxBytes = [int64]$MaxFileMB * 1MB
if (-not $SkipLogs) {
  Step 'event logs' {
    $dir = Join-Path $C 'logs'
    foreach ($f in @(Get-ChildItem -LiteralPath "$env:windir\System32\winevt\Logs" -Filter '*.evtx' -File -ErrorAction SilentlyContinue)) {
      if ($f.Length -le 69632) { continue } # an empty log: header and one empty chunk
      if ($f.Length -gt $MaxBytes) { Write-Log 'skip' "$($f.FullName): larger than $MaxFileMB MiB"; continue }
      $dest = Join-Path $dir $f.Name
      if (-not (Copy-Locked $f.FullName $dest)) {
        # the channel of a log file: its name with %4 for /
        $channel = [System.IO.Path]::GetFileNameWithoutExtension($f.Name) -replace '%4', '/'
        & wevtutil.exe epl $channel $dest 2>&1 | Out-Null
        if ($LASTEXITCODE -ne 0) { Write-Log 'error' "$($f.Name): copy and wevtutil epl failed" } else { Write-Log 'copy' "$($f.Name) (wevtutil epl)" }
      }
    }
  }
} else { Write-Log 'skip' 'event logs (-SkipLogs)' }
Step 'registry hives' {
  $dir = Join-Path $C 'registry'
  foreach ($h in @('SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY')) {
    & reg.exe save "HKLM\$h" (Join-Path $dir $h) /y 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Log 'error' "reg save HKLM\$h failed" } else { Write-Log 'copy' "HKLM\$h (reg save)" }
  }
  foreach ($u in @(Get-CimInstance Win32_UserProfile -ErrorAction SilentlyContinue | Where-Object { -not $_.Special })) {
    $user = Split-Path $u.LocalPath -Leaf
    $dest = Join-Path $dir "NTUSER-$user.DAT"
    if ($u.Loaded) {
      & reg.exe save "HKU\$($u.SID)" $dest /y 2>&1 | Out-Null
      if ($LASTEXITCODE -ne 0) { Write-Log 'error' "reg save HKU\$($u.SID) failed" } else { Write-Log 'copy' "NTUSER.DAT of $user (reg save)" }
    } elseif (-not (Copy-Locked (Join-Path $u.LocalPath 'NTUSER.DAT') $dest)) { Write-Log 'error' "NTUSER.DAT of $user" }
  }
}
Step 'amcache' {
  $src = "$env:windir\AppCompat\Programs\Amcache.hve"
  if (Test-Path -LiteralPath $src) {
    if (-not (Copy-Locked $src (Join-Path $C 'artifacts\Amcache.hve'))) { Write-Log 'error' 'Amcache.hve: locked and no shadow copy' }
  }
}
Step 'prefetch' {
  $dir = Join-Path $C 'artifacts\Prefetch'
  $null = New-Item -ItemType Directory -Force -Path $dir
  Copy-Item -Path "$env:windir\Prefetch\*.pf" -Destination $dir -Force -ErrorAction SilentlyContinue
}
if ($Shadow) {
  Step 'shadow copy removal' { Remove-CimInstance -InputObject $Shadow }
}

# ---- manifest, archive, archive hash -------------------------------------------------------------------------
Write-Log 'finish' 'collection finished; hashing every file into manifest.sha256 (this log is final from here)'
$manifest = New-Object System.Collections.Generic.List[string]
foreach ($f in @(Get-ChildItem -LiteralPath $C -Recurse -File -Force)) {
  if ($f.Name -eq 'manifest.sha256') { continue }
  try {
    $h = (Get-FileHash -LiteralPath $f.FullName -Algorithm SHA256).Hash.ToLower()
    $manifest.Add(('{0}  ./{1}' -f $h, ($f.FullName.Substring($C.Length + 1) -replace '\\', '/')))
  } catch { Write-Warning "cannot hash $($f.FullName)" }
}
[System.IO.File]::WriteAllText((Join-Path $C 'manifest.sha256'), (($manifest -join "`n") + "`n"), $Utf8)
$Zip = Join-Path $OutFull "$Name.zip"
Add-Type -AssemblyName System.IO.Compression.FileSystem
[System.IO.Compression.ZipFile]::CreateFromDirectory($C, $Zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
$zipHash = (Get-FileHash -LiteralPath $Zip -Algorithm SHA256).Hash.ToLower()
[System.IO.File]::WriteAllText("$Zip.sha256", "$zipHash  $Name.zip`n", $Utf8)
if (-not $KeepDir) { Remove-Item -LiteralPath $C -Recurse -Force }
Write-Output $Zip
