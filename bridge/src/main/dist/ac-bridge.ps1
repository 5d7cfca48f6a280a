<#
.SYNOPSIS
  The Assetto Corsa telemetry bridge: records the game's telemetry and streams it to the ingest server.
.DESCRIPTION
  Usage: .\ac-bridge.ps1 [TARGET] [options]      (.\ac-bridge.ps1 --help lists the options)
  Looks for ac-telemetry-bridge-*-app.jar next to this script (or in bridge\target of a source checkout).
  Extra JVM options: $env:AC_BRIDGE_JAVA_OPTS = '...'
.EXAMPLE
  .\ac-bridge.ps1 192.168.1.20:50051
#>
$ErrorActionPreference = 'Stop'

$places = @($PSScriptRoot, (Join-Path $PSScriptRoot '..\..\..\target'))
$jar = Get-ChildItem -Path $places -Filter 'ac-telemetry-bridge-*-app.jar' -ErrorAction SilentlyContinue |
    Sort-Object LastWriteTime -Descending | Select-Object -First 1
if (-not $jar) {
    [Console]::Error.WriteLine("ac-bridge: cannot find ac-telemetry-bridge-*-app.jar next to $($MyInvocation.MyCommand.Name). " +
        "Put the jar in $PSScriptRoot or build it: .\mvnw.cmd -q -pl proto,bridge -am package -DskipTests")
    exit 1
}

$java = if ($env:JAVA_HOME) { Join-Path $env:JAVA_HOME 'bin\java.exe' } else { 'java' }
$spec = $null
if (Get-Command $java -ErrorAction SilentlyContinue) {
    $settings = & $java -XshowSettings:properties -version 2>&1 | Out-String
    if ($settings -match 'java\.specification\.version = (\d+)') { $spec = [int]$Matches[1] }
}
if (-not $spec -or $spec -lt 17) {
    [Console]::Error.WriteLine('ac-bridge: needs Java 17 or newer. Install a JDK 17 (for example Eclipse Temurin 17 ' +
        'from https://adoptium.net, with "Set JAVA_HOME" ticked), then open a new PowerShell window.')
    exit 1
}

# A small heap and the serial collector: the bridge needs little, and should leave the CPU to the game.
# C1 only (TieredStopAtLevel=1): C2 would keep recompiling for minutes, which costs more than its faster code saves.
# No perf data (-UsePerfData): its sampler woke the JVM 20 times a second for jstat, which nobody runs here.
$jvm = @('-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData')
if ($env:AC_BRIDGE_JAVA_OPTS) { $jvm += ($env:AC_BRIDGE_JAVA_OPTS -split '\s+' | Where-Object { $_ }) }
& $java @jvm -jar $jar.FullName @args
exit $LASTEXITCODE
