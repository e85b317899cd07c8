// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the target a request applies to: the one listing the TSIG key that signed it, else the
 * one bound to the local address it arrived on, else the first one. With split horizon, each view
 * of a server is a target keyed by its own TSIG key.
 */
public final class TargetSelector {
  private final List<Target> targets;
  private final Map<String, Target> byName = new LinkedHashMap<>();
  private final Map<String, List<InetAddress>> masters;

  public TargetSelector(List<Target> targets) {
    this(targets, Map.of());
  }

  /**
   * @param masters the addresses of each target's masters, by target name, for {@link #fedBy}
   */
  public TargetSelector(List<Target> targets, Map<String, List<InetAddress>> masters) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    this.targets = List.copyOf(targets);
    this.masters = Map.copyOf(masters);
    targets.forEach(t -> byName.put(t.name(), t));
  }

  /**
   * The targets whose masters include {@code sender}: a NOTIFY from that master concerns each of
   * them that holds the zone (every view of a split horizon, not only the first).
   */
  public List<Target> fedBy(InetAddress sender) {
    return targets.stream()
        .filter(t -> masters.getOrDefault(t.name(), List.of()).contains(sender))
        .toList();
  }

  public Target select(Optional<String> keyName, InetSocketAddress local) {
    if (keyName.isPresent()) {
      for (Target t : targets) {
        if (t.config().tsigKeys().contains(keyName.get())) {
          return t;
        }
      }
    }
    if (local != null) {
      for (Target t : targets) {
        for (InetSocketAddress a : t.config().localAddresses()) {
          boolean anyHost = a.getAddress() == null || a.getAddress().isAnyLocalAddress();
          boolean hostMatches = anyHost || a.getAddress().equals(local.getAddress());
          if (hostMatches && (a.getPort() == 0 || a.getPort() == local.getPort())) {
            return t;
          }
        }
      }
    }
    return targets.get(0);
  }

  public Optional<Target> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Target> all() {
    return targets;
  }
}
