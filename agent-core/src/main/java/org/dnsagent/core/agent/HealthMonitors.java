// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link HealthMonitor} of every target, by target name. */
final class HealthMonitors {
  private final Map<String, HealthMonitor> byTarget = new LinkedHashMap<>();

  HealthMonitors(List<Target> targets, int threshold, Clock clock) {
    targets.forEach(t -> byTarget.put(t.name(), new HealthMonitor(t, threshold, clock)));
  }

  HealthMonitor of(String target) {
    return byTarget.get(target);
  }

  void checkAll() {
    byTarget.values().forEach(HealthMonitor::check);
  }

  List<AgentStatus.TargetHealth> views() {
    return byTarget.values().stream().map(HealthMonitor::view).toList();
  }
}
