// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dnsagent.client.AgentClient;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.pool.PollPolicy;
import org.dnsagent.client.pool.Pool;
import org.dnsagent.client.pool.PoolAction;
import org.dnsagent.client.pool.PoolClient;
import org.dnsagent.client.pool.PoolKeyring;
import org.dnsagent.client.pool.PoolOptions;
import org.xbill.DNS.Name;

/**
 * The controller side, as Designate's worker drives a pool target of type agent ({@link
 * PoolClient}: CREATE, then NOTIFY, retried as Designate retries), without polling nameservers: the
 * bench checks what the backend serves itself. Thread-safe.
 */
final class Controller {
  private final PoolClient pool;
  private final AgentClient direct;

  Controller(InetSocketAddress agent, InetSocketAddress master) {
    Pool.Target target =
        new Pool.Target(
            "agent",
            agent.getAddress().getHostAddress(),
            agent.getPort(),
            List.of(new Pool.Master(master.getAddress().getHostAddress(), master.getPort())),
            Optional.empty());
    this.pool =
        new PoolClient(
            new Pool("bench", "", List.of(), List.of(target)),
            PoolKeyring.empty(),
            new PoolOptions(
                100, RetryPolicy.designateDefaults(), PollPolicy.disabled(), false, 32));
    this.direct = new AgentClient(agent, Optional.empty(), Duration.ofSeconds(60), false);
  }

  /** What the pool target does for a new zone: CREATE (retried), then NOTIFY. */
  boolean create(Name zone) throws InterruptedException {
    return pool.apply(PoolAction.CREATE, zone, OptionalLong.empty()).succeeded();
  }

  /** One CREATE, answered or not, without retries: for latency probes. */
  boolean createOnce(Name zone) throws IOException {
    return direct.create(zone).succeeded();
  }

  /** One NOTIFY; true if answered NOERROR. */
  boolean notify(Name zone) throws IOException {
    return direct.notify(zone).rcode() == org.xbill.DNS.Rcode.NOERROR;
  }
}
