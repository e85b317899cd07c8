// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.core.admin.Json;
import org.dnsagent.core.ops.OperationState;
import org.dnsagent.core.ops.OperationView;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Masters and backends that are down: operations retry with back-off and complete when they come
 * back; past the limit they fail with their reason, visible in {@code dns-agent ops}, and {@code
 * ops retry} completes them later. A zone that retries holds up no other zone.
 */
class RetryTest {
  private static final String FAST_RETRIES =
      "retry_initial_delay = 0.1\nretry_max_delay = 0.3\nsoa_query_timeout = 0.3\n"
          + "health_check_interval = 1h\n";

  @TempDir Path dir;

  @Test
  void masterDownThenUpRetriesAndCompletes() throws Exception {
    Name zone = TestZones.name("outage.test.");
    try (AgentFixture f =
        AgentFixture.start(dir, FAST_RETRIES + "retry_max_attempts = 100\n", false)) {
      f.publish(zone, 3, 2);
      f.stopMaster();
      CompletableFuture<AgentResponse> reply = CompletableFuture.supplyAsync(() -> create(f, zone));
      OperationView retrying = awaitRetrying(f, zone, 2);
      assertTrue(retrying.detail().contains("no master served the zone"), retrying.detail());
      f.startMaster();
      AgentResponse r = reply.get(30, TimeUnit.SECONDS);
      assertTrue(r.succeeded(), r.describe());
      assertEquals(List.of(), ZoneChecks.problem(f.agentZones, zone, 3, 2).stream().toList());
      OperationView done = op(f, zone);
      assertEquals(OperationState.SUCCEEDED, done.state());
      assertTrue(done.attempts() >= 3, done.toString());
    }
  }

  @Test
  void aZoneThatRetriesHoldsUpNoOtherZone() throws Exception {
    Name stuck = TestZones.name("stuck.test.");
    Path down = dir.resolve("down");
    try (AgentFixture f =
        AgentFixture.start(
            dir, FAST_RETRIES + "retry_max_attempts = 1000\n" + reloadCommand(down), false)) {
      Files.writeString(down, "stuck.test");
      f.publish(stuck, 1, 1);
      CompletableFuture<AgentResponse> stuckReply =
          CompletableFuture.supplyAsync(() -> create(f, stuck));
      awaitRetrying(f, stuck, 2);
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        Name other = TestZones.name("other" + i + ".test.");
        f.publish(other, 1, 1);
        AgentResponse r = f.client().create(other);
        assertTrue(r.succeeded(), r.describe());
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "other zones waited " + took);
      assertFalse(stuckReply.isDone(), "the stuck zone is still retrying");
      // An attempt in progress has the file in place for its reload; between attempts it is gone.
      AgentFixture.await(
          "a zone the server did not load is not kept between attempts",
          Duration.ofSeconds(10),
          () -> !Files.exists(f.zoneFile(stuck)));
      Files.delete(down);
      assertTrue(stuckReply.get(30, TimeUnit.SECONDS).succeeded());
      assertTrue(ZoneChecks.problem(f.agentZones, stuck, 1, 1).isEmpty());
    }
  }

  @Test
  void backendDownPastTheLimitFailsVisiblyAndOpsRetryCompletesIt() throws Exception {
    Name zone = TestZones.name("later.test.");
    Path down = dir.resolve("down");
    try (AgentFixture f =
        AgentFixture.start(
            dir,
            FAST_RETRIES
                + "retry_max_attempts = 3\nhealth_failure_threshold = 2\n"
                + reloadCommand(down),
            false)) {
      Files.writeString(down, "*");
      f.publish(zone, 4, 2);
      AgentResponse r = f.client().create(zone);
      assertEquals(Rcode.SERVFAIL, r.rcode(), "the controller sees the failure");
      String admin = f.adminEndpoint();

      Cli failed = Cli.run("ops", "list", "--failed", "--admin", admin);
      assertEquals(0, failed.exitCode(), failed.err());
      assertTrue(failed.out().contains("later.test."), failed.out());
      assertTrue(failed.out().contains("gave up after 3 attempts"), failed.out());
      assertTrue(failed.out().contains("reload_command exited 1: server is down"), failed.out());
      long id = op(f, zone).id();

      Cli status = Cli.run("status", "--admin", admin);
      assertEquals(1, status.exitCode(), "a FAILED backend: " + status.out());
      assertTrue(status.out().contains("FAILED"), status.out());
      Map<String, Object> json =
          Json.parseObject(Cli.run("status", "--admin", admin, "--json").out());
      assertEquals(1L, json.get("failed_operations"));
      assertEquals(0L, json.get("queue_depth"));

      Files.delete(down);
      Cli retry = Cli.run("ops", "retry", Long.toString(id), "--admin", admin);
      assertEquals(0, retry.exitCode(), retry.err());
      AgentFixture.await(
          "the retried operation",
          Duration.ofSeconds(10),
          () -> op(f, zone).state() == OperationState.SUCCEEDED);
      assertTrue(ZoneChecks.problem(f.agentZones, zone, 4, 2).isEmpty());
      Cli shown = Cli.run("ops", "show", Long.toString(id), "--admin", admin, "--json");
      assertEquals("SUCCEEDED", Json.parseObject(shown.out()).get("state"));
      Cli healthy = Cli.run("status", "--admin", admin);
      assertEquals(0, healthy.exitCode(), healthy.out());
      assertTrue(healthy.out().contains("OK"), healthy.out());

      Cli again = Cli.run("ops", "fail", Long.toString(id), "--admin", admin);
      assertEquals(1, again.exitCode());
      assertTrue(again.err().contains("has finished already"), again.err());
      Cli nowhere = Cli.run("status", "--admin", dir.resolve("nothing.sock").toString());
      assertEquals(3, nowhere.exitCode(), "no agent there");
    }
  }

  /** A reload command that fails for the zone named in {@code flag} ("*": every zone). */
  private String reloadCommand(Path flag) throws Exception {
    Path script = dir.resolve("reload.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n[ -e '"
            + flag
            + "' ] || exit 0\nwant=$(cat '"
            + flag
            + "')\n"
            + "if [ \"$want\" = '*' ] || [ \"$want\" = \"$1\" ]; then\n"
            + "  echo 'server is down' >&2; exit 1\nfi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return "[backend:agent:files]\nreload_command = " + script + " {zone}\n";
  }

  private static AgentResponse create(AgentFixture f, Name zone) {
    try {
      return f.client().create(zone);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static OperationView op(AgentFixture f, Name zone) {
    return f.agent.operations().list(v -> v.key().zone().equals(zone)).stream()
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no operation for " + zone));
  }

  /** Waits until the zone's operation failed {@code attempts} times and is backing off. */
  static OperationView awaitRetrying(AgentFixture f, Name zone, int attempts) throws Exception {
    AgentFixture.await(
        zone + " to retry",
        Duration.ofSeconds(20),
        () ->
            f.agent.operations().list(v -> v.key().zone().equals(zone)).stream()
                .anyMatch(v -> v.state() == OperationState.PENDING && v.attempts() >= attempts));
    return op(f, zone);
  }
}
