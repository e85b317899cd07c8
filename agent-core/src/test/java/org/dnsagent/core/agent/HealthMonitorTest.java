// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendHealth;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.ZoneContent;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

class HealthMonitorTest {
  private volatile BackendHealth next = BackendHealth.ok("fine");

  private final Backend backend =
      new ContentBackend() {
        @Override
        public Optional<SOARecord> findSoa(Name zone) {
          return Optional.empty();
        }

        @Override
        public void createZone(ZoneContent zone) {}

        @Override
        public void updateZone(ZoneContent zone) {}

        @Override
        public void deleteZone(Name zone) {}

        @Override
        public BackendHealth checkHealth() {
          return next;
        }
      };

  private final HealthMonitor monitor =
      new HealthMonitor(
          new Target(
              new TargetConfig(
                  "default", "fake", new BackendSettings("x", Map.of()), List.of(), List.of()),
              backend),
          3,
          Clock.systemUTC());

  @Test
  void okThenRetryThenFailedThenOkAgain() {
    monitor.check();
    assertEquals(HealthState.OK, monitor.view().state());
    next = BackendHealth.failing("connection refused");
    monitor.check();
    assertEquals(HealthState.RETRY, monitor.view().state());
    monitor.failure("operation: timed out"); // operations count as checks
    assertEquals(HealthState.RETRY, monitor.view().state());
    monitor.check();
    assertEquals(HealthState.FAILED, monitor.view().state());
    assertEquals(3, monitor.view().failures());
    assertEquals("connection refused", monitor.view().detail());
    next = BackendHealth.ok("fine again");
    monitor.check();
    assertEquals(HealthState.OK, monitor.view().state());
    assertEquals(0, monitor.view().failures());
    assertEquals("fine again", monitor.view().detail());
  }

  @Test
  void aSuccessfulOperationKeepsTheLastCheckDetail() {
    monitor.check();
    monitor.success(null);
    assertEquals("fine", monitor.view().detail());
  }
}
