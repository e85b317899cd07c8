// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the agent received and did, named like {@code requests.create}. */
public final class AgentMetrics {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  public void increment(String name) {
    counters.computeIfAbsent(name, k -> new LongAdder()).increment();
  }

  public long get(String name) {
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** All counters, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    counters.keySet().stream().sorted().forEach(k -> out.put(k, counters.get(k).sum()));
    return out;
  }
}
