// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.client.pool;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One pool of a Designate pools file: the agents to drive ({@code targets} of type {@code agent})
 * and the DNS servers whose SOA shows that a change has arrived ({@code nameservers}).
 *
 * @param name the pool's name ({@code --pool})
 * @param description free text, possibly empty
 * @param nameservers polled for the zone's serial after a change; may be empty
 * @param targets agents sent CREATE, DELETE or NOTIFY; never empty
 */
public record Pool(
    String name, String description, List<Nameserver> nameservers, List<Target> targets) {
  public Pool {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    nameservers = List.copyOf(nameservers);
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("pool '" + name + "' has no targets");
    }
  }

  /**
   * A DNS server of the pool.
   *
   * @param tsigKeyId id (or name) of the key that signs SOA polls, so that BIND answers from the
   *     right view
   */
  public record Nameserver(String host, int port, Optional<String> tsigKeyId) {
    public Nameserver {
      requireNonNull(host, "host is null");
      requireNonNull(tsigKeyId, "tsigKeyId is null");
    }

    @Override
    public String toString() {
      return Endpoints.format(host, port);
    }
  }

  /**
   * An agent of the pool ({@code type: agent}).
   *
   * @param description the target's description, used to name it in reports
   * @param host {@code options.host}, default 127.0.0.1 as in Designate
   * @param port {@code options.port}, default 5358 as in Designate
   * @param masters where the agent transfers zones from; used to learn a zone's serial
   * @param tsigKeyId id (or name) of the key that signs requests to this agent
   */
  public record Target(
      String description, String host, int port, List<Master> masters, Optional<String> tsigKeyId) {
    public Target {
      requireNonNull(description, "description is null");
      requireNonNull(host, "host is null");
      masters = List.copyOf(masters);
      requireNonNull(tsigKeyId, "tsigKeyId is null");
    }

    /** {@code description (host:port)}, or {@code host:port} without a description. */
    public String label() {
      String address = Endpoints.format(host, port);
      return description.isBlank() ? address : description + " (" + address + ")";
    }
  }

  /** A master a target transfers from (Designate's mini-DNS). */
  public record Master(String host, int port) {
    public Master {
      requireNonNull(host, "host is null");
    }

    @Override
    public String toString() {
      return Endpoints.format(host, port);
    }
  }
}
