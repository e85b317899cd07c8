// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.dnsagent.core.admin.AdminHandler;
import org.dnsagent.core.journal.JournalStats;
import org.dnsagent.core.ops.OperationRejectedException;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;

/**
 * The admin commands: {@code status}, {@code list} ({@code filter}: all, pending or failed; {@code
 * limit}), {@code show}, {@code retry} and {@code fail} (by {@code id}; fail takes a {@code
 * reason}), and {@code reconcile}. Results are plain maps and lists, rendered as JSON.
 */
final class AgentAdmin implements AdminHandler {
  private static final int MAX_LIMIT = 100_000;

  private final Agent agent;

  AgentAdmin(Agent agent) {
    this.agent = agent;
  }

  @Override
  public Object handle(Map<String, Object> request) {
    String command = String.valueOf(request.get("command"));
    return switch (command) {
      case "status" -> {
        Map<String, Object> m = status(agent.status());
        if (!agent.catalogs().isEmpty()) {
          m.put("catalogs", agent.catalogs().list().stream().map(r -> r.toMap()).toList());
        }
        yield m;
      }
      case "list" -> list(request);
      case "show" ->
          view(
              agent
                  .operations()
                  .find(id(request))
                  .orElseThrow(() -> new IllegalArgumentException("no operation " + id(request))));
      case "retry" -> retry(id(request));
      case "fail" -> view(agent.operations().fail(id(request), text(request, "reason")));
      case "catalog-list" ->
          Map.of("catalogs", agent.catalogs().list().stream().map(r -> r.toMap()).toList());
      case "catalog-show" -> agent.catalogs().show(text(request, "name")).toMap();
      case "catalog-confirm" -> {
        String name = text(request, "name");
        if (!agent.catalogs().confirm(name)) {
          throw new IllegalArgumentException("catalog " + name + " has no held update");
        }
        yield Map.of("confirmed", true);
      }
      case "reconcile" -> {
        agent.reconcileNow();
        yield Map.of("started", true);
      }
      default -> throw new IllegalArgumentException("unknown command '" + command + "'");
    };
  }

  private Object retry(long id) {
    try {
      return view(agent.operations().retry(id));
    } catch (OperationRejectedException e) {
      throw new IllegalArgumentException("not queued: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> list(Map<String, Object> request) {
    String filter = request.containsKey("filter") ? text(request, "filter") : "all";
    Predicate<OperationView> match =
        switch (filter) {
          case "all" -> v -> true;
          case "pending" -> v -> !v.state().isFinal();
          case "failed" -> v -> v.state() == OperationState.FAILED;
          default -> throw new IllegalArgumentException("filter is all, pending or failed");
        };
    long limit = request.get("limit") instanceof Long l ? l : 100;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
    }
    List<OperationView> all = agent.operations().list(match);
    int n = (int) Math.min(limit, all.size());
    // Pending: the oldest are the interesting ones (stuck); otherwise the latest.
    List<OperationView> shown =
        filter.equals("pending") ? all.subList(0, n) : all.subList(all.size() - n, all.size());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", all.size());
    result.put("operations", shown.stream().map(AgentAdmin::view).toList());
    return result;
  }

  private static long id(Map<String, Object> request) {
    if (request.get("id") instanceof Long id) {
      return id;
    }
    throw new IllegalArgumentException("'id' must be an operation number");
  }

  private static String text(Map<String, Object> request, String key) {
    Object value = request.get(key);
    return value == null ? "" : value.toString();
  }

  static Map<String, Object> view(OperationView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("kind", v.kind().name());
    m.put("zone", v.key().zone().toString());
    m.put("target", v.key().target());
    m.put("state", v.state().name());
    m.put("created", v.createdAt().toString());
    m.put("updated", v.updatedAt().toString());
    m.put("next_attempt", v.state().isFinal() ? null : v.notBefore().toString());
    m.put("attempts", v.attempts());
    m.put("requests", v.requests());
    m.put("detail", v.detail());
    return m;
  }

  static Map<String, Object> status(AgentStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "targets",
        s.targets().stream()
            .map(
                t -> {
                  Map<String, Object> h = new LinkedHashMap<>();
                  h.put("target", t.target());
                  h.put("driver", t.driver());
                  h.put("state", t.state().name());
                  h.put("failures", t.failures());
                  h.put("since", t.since().toString());
                  h.put("detail", t.detail());
                  return h;
                })
            .toList());
    m.put("zones", s.zones());
    m.put("queue_depth", s.queueDepth());
    m.put("oldest_pending_seconds", s.oldestPending().map(d -> d.toMillis() / 1000.0).orElse(null));
    m.put("failed_operations", s.failedOperations());
    ReconcileReport r = s.reconciliation();
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("last_started", time(r.started()));
    rec.put("last_finished", time(r.finished()));
    rec.put("checked", r.checked());
    rec.put("behind", r.behind());
    rec.put("missing", r.missing());
    rec.put("errors", r.errors());
    rec.put("unmanaged_count", r.unmanagedKnown() ? r.unmanagedCount() : null);
    rec.put("unmanaged", r.unmanaged());
    rec.put(
        "running",
        s.reconciling()
            .map(
                p -> {
                  Map<String, Object> run = new LinkedHashMap<>();
                  run.put("started", p.started().toString());
                  run.put("seen", p.seen());
                  run.put("total", p.total());
                  run.put("behind", p.behind());
                  run.put("missing", p.missing());
                  return run;
                })
            .orElse(null));
    m.put("reconciliation", rec);
    JournalStats j = s.journal();
    Map<String, Object> journal = new LinkedHashMap<>();
    journal.put("file", j.file().toString());
    journal.put("size_bytes", j.sizeBytes());
    journal.put("records", j.recordsWritten());
    journal.put("group_commits", j.batches());
    journal.put("compactions", j.compactions());
    journal.put("corrupt_records_skipped", j.corruptRecordsSkipped());
    journal.put("last_error", j.lastError().orElse(null));
    m.put("journal", journal);
    m.put("counters", new TreeMap<>(s.counters()));
    return m;
  }

  private static String time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }
}
