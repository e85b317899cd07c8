// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.AdminEndpoint;

/** The tests' view of an agent's admin endpoint. */
final class Admin {
  private final AdminClient client;

  /** The loopback TCP endpoint, with the agent's token file. */
  Admin(InetSocketAddress tcp, Path tokenFile) {
    this(new AdminEndpoint.Tcp(tcp), Optional.of(tokenFile));
  }

  Admin(Path socket) {
    this(new AdminEndpoint.Unix(socket), Optional.empty());
  }

  private Admin(AdminEndpoint endpoint, Optional<Path> tokenFile) {
    this.client = new AdminClient(endpoint, Duration.ofSeconds(10), tokenFile);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() throws Exception {
    return (Map<String, Object>) client.call(Map.of("command", "status"));
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> operations(String filter) throws Exception {
    Map<String, Object> r =
        (Map<String, Object>)
            client.call(Map.of("command", "list", "filter", filter, "limit", 100_000L));
    return (List<Map<String, Object>>) r.get("operations");
  }

  /** Waits until nothing is queued or running. */
  void awaitIdle(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (((Number) status().get("queue_depth")).longValue() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("queue not drained: " + status());
      }
      Thread.sleep(50);
    }
  }
}
