// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code CreateService} and {@code ChangeServiceConfig2} are given for the agent's
 * service.
 *
 * @param commandLine {@code lpBinaryPathName}: the program and its arguments, quoted for Windows
 * @param account {@code lpServiceStartName}; empty is LocalSystem
 * @param password {@code lpPassword}, only for an account that has one (never printed)
 * @param dependencies services that must run first ({@code lpDependencies})
 * @param restartDelays one {@code SC_ACTION_RESTART} per failure in a row, the last repeating
 * @param resetPeriod after this long without failure the count of failures starts again
 * @param failureActionsOnNonCrash {@code SERVICE_CONFIG_FAILURE_ACTIONS_FLAG}: also recover when
 *     the service stops with a non-zero exit code (a start failure), not only when it crashes
 * @param eventSource the Application log's source for the service's events
 */
public record ServiceSpec(
    String name,
    String displayName,
    String description,
    String commandLine,
    StartType startType,
    Optional<String> account,
    Optional<String> password,
    List<String> dependencies,
    List<Duration> restartDelays,
    Duration resetPeriod,
    boolean failureActionsOnNonCrash,
    String eventSource) {
  public ServiceSpec {
    dependencies = List.copyOf(dependencies);
    restartDelays = List.copyOf(restartDelays);
  }

  @Override
  public String toString() {
    return "ServiceSpec[name="
        + name
        + ", commandLine="
        + commandLine
        + ", startType="
        + startType
        + ", account="
        + account.orElse("LocalSystem")
        + ", password="
        + (password.isPresent() ? "****" : "none")
        + ", dependencies="
        + dependencies
        + ", restartDelays="
        + restartDelays
        + "]";
  }
}
