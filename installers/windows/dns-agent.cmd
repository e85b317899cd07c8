@echo off
rem SPDX-License-Identifier: Apache-2.0
rem dns-agent launcher for Windows: runs the agent, the admin commands and "service ...".
rem Java 17 or newer: %JAVA% (a java.exe), else %JAVA_HOME%\bin\java.exe, else java.exe on PATH.
rem DNS_AGENT_JAVA_OPTS and JAVA_OPTS (JVM options) are honoured. The heap is bounded to 256 MB
rem unless one of these (or JDK_JAVA_OPTIONS) sets a bound itself (-Xmx, -XX:MaxHeapSize,
rem -XX:MaxRAMPercentage, -XX:MaxRAM), as bin/dns-agent does on Linux.
rem The Windows service does not run through this file: the SCM starts java.exe directly with the
rem command line "dns-agent service install" registered.
setlocal EnableExtensions DisableDelayedExpansion
for %%i in ("%~dp0..") do set "DNS_AGENT_HOME=%%~fi"
set "JAVA_EXE=java.exe"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if defined JAVA set "JAVA_EXE=%JAVA%"
if /i "%JAVA_EXE%"=="java.exe" goto find_on_path
if exist "%JAVA_EXE%" goto found
echo dns-agent: no Java at "%JAVA_EXE%": set JAVA_HOME to a Java 17 or newer 1>&2
exit /b 2
:find_on_path
where /q java.exe
if errorlevel 1 (
  echo dns-agent: no Java found: install Java 17 or newer, and set JAVA_HOME or put java.exe on PATH 1>&2
  exit /b 2
)
:found
set "DNS_AGENT_OPTS=%DNS_AGENT_JAVA_OPTS% %JAVA_OPTS%"
set "ALL_OPTS= %DNS_AGENT_OPTS% %JDK_JAVA_OPTIONS% "
setlocal EnableDelayedExpansion
set "BOUND="
if not "!ALL_OPTS:-Xmx=!"=="!ALL_OPTS!" set "BOUND=1"
if not "!ALL_OPTS:-XX:MaxHeapSize=!"=="!ALL_OPTS!" set "BOUND=1"
if not "!ALL_OPTS:-XX:MaxRAM=!"=="!ALL_OPTS!" set "BOUND=1"
endlocal & set "BOUND=%BOUND%"
if not defined BOUND set "DNS_AGENT_OPTS=-Xmx256m %DNS_AGENT_OPTS%"
"%JAVA_EXE%" %DNS_AGENT_OPTS% -cp "%DNS_AGENT_HOME%\lib\*" org.dnsagent.cli.Main %*
exit /b %ERRORLEVEL%
