// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.wire;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** What a well-formed request asks the agent to do. */
public sealed interface AgentRequest {
  Name zone();

  /** Opcode 14, type 65282: provision the zone. */
  record Create(Name zone) implements AgentRequest {
    public Create {
      requireNonNull(zone, "zone is null");
    }
  }

  /** Opcode 14, type 65283: remove the zone. */
  record Delete(Name zone) implements AgentRequest {
    public Delete {
      requireNonNull(zone, "zone is null");
    }
  }

  /** NOTIFY (RFC 1996): the zone changed on the master; {@code soa} is the optional hint. */
  record Notify(Name zone, Optional<SOARecord> soa) implements AgentRequest {
    public Notify {
      requireNonNull(zone, "zone is null");
      requireNonNull(soa, "soa is null");
    }
  }

  /** A standard SOA query for one of our zones. */
  record SoaQuery(Name zone) implements AgentRequest {
    public SoaQuery {
      requireNonNull(zone, "zone is null");
    }
  }
}
