// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.MasterServer;

/**
 * Chooses the target a request applies to, and checks that the request may use it (the key model of
 * docs/security.md):
 *
 * <ul>
 *   <li>the target is the one listing the TSIG key that signed the request, else the one bound to
 *       the local address it arrived on, else the first one; a key of one target sent to another
 *       target's listen address is refused (key and listener must agree);
 *   <li>a target that lists {@code tsig_keys} takes only requests signed with one of them; one that
 *       lists none takes the agent's {@code tsig_keys} (or unsigned requests when TSIG is not
 *       required); a target that lists {@code listen} takes only requests sent to those addresses;
 *   <li>a master's transfer key is never a control key: it signs a NOTIFY only when it comes from
 *       that master's address, and SOA queries; never CREATE or DELETE.
 * </ul>
 */
public final class TargetSelector {
  /** What a request asks for. */
  public enum Use {
    /** CREATE, DELETE. */
    CONTROL,
    NOTIFY,
    /** An SOA query. */
    QUERY
  }

  /** The outcome of {@link #route}. */
  public sealed interface Route {
    record To(Target target) implements Route {}

    /** Refused; {@code reason} says why, for the log. */
    record Refused(String reason) implements Route {}
  }

  private final List<Target> targets;
  private final List<String> agentKeys;
  private final List<MasterServer> agentMasters;
  private final Map<String, Target> byName = new LinkedHashMap<>();
  private final Map<String, List<InetAddress>> masters;

  /**
   * @param agentKeys the {@code [service:agent] tsig_keys}
   * @param agentMasters the {@code [service:agent] masters}
   */
  public TargetSelector(
      List<Target> targets, List<String> agentKeys, List<MasterServer> agentMasters) {
    this(targets, agentKeys, agentMasters, Map.of());
  }

  /**
   * @param agentKeys the {@code [service:agent] tsig_keys}
   * @param agentMasters the {@code [service:agent] masters}
   * @param masters the addresses of each target's masters, by target name, for {@link #fedBy}
   */
  public TargetSelector(
      List<Target> targets,
      List<String> agentKeys,
      List<MasterServer> agentMasters,
      Map<String, List<InetAddress>> masters) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    this.targets = List.copyOf(targets);
    this.agentKeys = List.copyOf(agentKeys);
    this.agentMasters = List.copyOf(agentMasters);
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

  /** A selector with no agent-level keys or masters (one target's own settings decide). */
  public TargetSelector(List<Target> targets) {
    this(targets, List.of(), List.of());
  }

  /** The target of a request, ignoring the key model (reconciliation, tests). */
  public Target select(Optional<String> keyName, InetSocketAddress local) {
    if (keyName.isPresent()) {
      Optional<Target> byKey = byKey(keyName.get());
      if (byKey.isPresent()) {
        return byKey.get();
      }
    }
    return byListener(local).orElse(targets.get(0));
  }

  /**
   * The target of a request signed with {@code keyName} (configured name; empty when unsigned) from
   * {@code peer} to {@code local}, or why it is refused.
   */
  public Route route(Optional<String> keyName, Use use, InetAddress peer, InetSocketAddress local) {
    Optional<Target> byKey = keyName.flatMap(this::byKey);
    Optional<Target> byListener = byListener(local);
    if (byKey.isPresent() && byListener.isPresent() && byKey.get() != byListener.get()) {
      return new Route.Refused(
          "signed with key "
              + keyName.get()
              + " of target "
              + byKey.get().name()
              + " but sent to target "
              + byListener.get().name()
              + "'s listen address");
    }
    Optional<Target> chosen = byKey.or(() -> byListener);
    if (chosen.isEmpty() && keyName.isPresent() && use != Use.CONTROL) {
      chosen = targets.stream().filter(t -> isMasterKey(t, keyName.get(), use, peer)).findFirst();
    }
    Target t = chosen.orElse(targets.get(0));
    List<String> own = t.config().tsigKeys();
    if (keyName.isPresent()) {
      String k = keyName.get();
      boolean control = own.contains(k) || (own.isEmpty() && agentKeys.contains(k));
      if (!control) {
        if (use != Use.CONTROL && isMasterKey(t, k, use, peer)) {
          return listenerCheck(t, local);
        }
        if (use == Use.CONTROL && isAnyMasterKey(k)) {
          return new Route.Refused("key " + k + " is a master's transfer key, not a control key");
        }
        if (use == Use.NOTIFY && isAnyMasterKey(k)) {
          return new Route.Refused(
              "key " + k + " is a master's transfer key, and the NOTIFY is not from that master");
        }
        return new Route.Refused(
            "key " + k + " is not accepted by target " + t.name() + " (it lists " + own + ")");
      }
    } else if (!own.isEmpty()) {
      return new Route.Refused(
          "unsigned, and target " + t.name() + " takes only requests signed with " + own);
    }
    return listenerCheck(t, local);
  }

  private static Route listenerCheck(Target t, InetSocketAddress local) {
    if (!t.config().localAddresses().isEmpty() && (local == null || !listensOn(t, local))) {
      return new Route.Refused(
          "target " + t.name() + " takes requests only on its listen addresses");
    }
    return new Route.To(t);
  }

  private Optional<Target> byKey(String keyName) {
    return targets.stream().filter(t -> t.config().tsigKeys().contains(keyName)).findFirst();
  }

  private Optional<Target> byListener(InetSocketAddress local) {
    if (local == null) {
      return Optional.empty();
    }
    return targets.stream().filter(t -> listensOn(t, local)).findFirst();
  }

  private static boolean listensOn(Target t, InetSocketAddress local) {
    for (InetSocketAddress a : t.config().localAddresses()) {
      boolean anyHost = a.getAddress() == null || a.getAddress().isAnyLocalAddress();
      boolean hostMatches = anyHost || a.getAddress().equals(local.getAddress());
      if (hostMatches && (a.getPort() == 0 || a.getPort() == local.getPort())) {
        return true;
      }
    }
    return false;
  }

  private List<MasterServer> mastersOf(Target t) {
    return t.config().masters().isEmpty() ? agentMasters : t.config().masters();
  }

  /** Whether {@code key} is the key of one of {@code t}'s masters, and the peer that master. */
  private boolean isMasterKey(Target t, String key, Use use, InetAddress peer) {
    for (MasterServer m : mastersOf(t)) {
      boolean keyMatches = m.key().isPresent() && m.key().get().name().equals(key);
      boolean fromIt = use == Use.QUERY || m.address().getAddress().equals(peer);
      if (keyMatches && fromIt) {
        return true;
      }
    }
    return false;
  }

  private boolean isAnyMasterKey(String key) {
    return targets.stream()
        .flatMap(t -> mastersOf(t).stream())
        .anyMatch(m -> m.key().isPresent() && m.key().get().name().equals(key));
  }

  public Optional<Target> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Target> all() {
    return targets;
  }
}
