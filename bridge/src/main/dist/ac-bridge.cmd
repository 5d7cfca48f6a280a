@echo off
rem ac-bridge: the Assetto Corsa telemetry bridge.  Usage: ac-bridge [TARGET] [options]   (ac-bridge --help)
rem Looks for ac-telemetry-bridge-*-app.jar next to this file (or in bridge\target of a source checkout).
rem Extra JVM options: set AC_BRIDGE_JAVA_OPTS=...
setlocal
set "HERE=%~dp0"
set "JAR="
for %%F in ("%HERE%ac-telemetry-bridge-*-app.jar") do set "JAR=%%~fF"
if not defined JAR for %%F in ("%HERE%..\..\..\target\ac-telemetry-bridge-*-app.jar") do set "JAR=%%~fF"
rem (goto, not a parenthesised block: a path like "Program Files (x86)" would end the block early)
if not defined JAR goto nojar

set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
"%JAVA%" -version >nul 2>&1
if errorlevel 1 goto nojava
rem Java 8 reports java.specification.version = 1.8; the bridge needs 17 or newer.
"%JAVA%" -XshowSettings:properties -version 2>&1 | findstr /c:"java.specification.version = 1." >nul
if not errorlevel 1 goto nojava

rem A small heap and the serial collector: the bridge needs little, and should leave the CPU to the game.
rem C1 only (TieredStopAtLevel=1): C2 would keep recompiling for minutes, which costs more than its faster code saves.
rem No perf data (-UsePerfData): its sampler woke the JVM 20 times a second for jstat, which nobody runs here.
"%JAVA%" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData %AC_BRIDGE_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:nojava
echo ac-bridge: needs Java 17 or newer. Install a JDK 17 (for example Eclipse Temurin 17 from https://adoptium.net, 1>&2
echo with "Set JAVA_HOME" ticked in the installer), then open a new command window. 1>&2
exit /b 1

:nojar
echo ac-bridge: cannot find ac-telemetry-bridge-*-app.jar next to %~nx0. 1>&2
echo Put the jar in %HERE% or build it: mvnw.cmd -q -pl proto,bridge -am package -DskipTests 1>&2
exit /b 1
