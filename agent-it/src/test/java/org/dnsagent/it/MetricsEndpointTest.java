// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@code metrics_listen}: /metrics scraped while CREATEs arrive over loopback counts exactly what
 * was sent; /readyz turns 503 while the backend is down and 200 once it is back; /livez answers.
 */
class MetricsEndpointTest {
  private static final int ZONES = 300;
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void countersMatchWhatWasSentAndReadinessFollowsTheBackend() throws Exception {
    try (AgentFixture f =
        AgentFixture.start(
            dir,
            "metrics_listen = 127.0.0.1:0\n"
                + "health_check_interval = 0.2\nhealth_failure_threshold = 1\n",
            false)) {
      InetSocketAddress endpoint = f.agent.metricsAddress().orElseThrow();
      assertEquals(200, get(endpoint, "/livez").statusCode());
      assertEquals(200, get(endpoint, "/readyz").statusCode());

      List<Name> zones = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        Name zone = TestZones.name("m" + i + ".metrics.test.");
        TestZones.writeZoneFile(f.masterZones, zone, 7, 3);
        zones.add(zone);
      }
      f.master.reloadNow();

      // Scrape continuously while the load runs: every scrape must parse, and counters only grow.
      AtomicReference<Throwable> scrapeFailure = new AtomicReference<>();
      List<Double> seen = new ArrayList<>();
      Thread scraper =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    double accepted = scrape(endpoint).getOrDefault(CREATES_ACCEPTED, 0.0);
                    synchronized (seen) {
                      seen.add(accepted);
                    }
                    Thread.sleep(50);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Throwable e) {
                  scrapeFailure.set(e);
                }
              },
              "scraper");
      scraper.start();
      Map<Name, Integer> results;
      try (ControlLoad load = new ControlLoad(f.agentAddress(), 32, Duration.ofSeconds(30))) {
        results = load.send(AgentCommand.CREATE, zones);
      } finally {
        scraper.interrupt();
        scraper.join(10_000);
      }
      if (scrapeFailure.get() != null) {
        throw new AssertionError("scrape during the load failed", scrapeFailure.get());
      }
      assertEquals(ZONES, results.size());
      assertTrue(results.values().stream().allMatch(r -> r == ControlLoad.OK), results.toString());
      synchronized (seen) {
        assertTrue(seen.size() >= 2, "scraped during the load: " + seen);
        for (int i = 1; i < seen.size(); i++) {
          assertTrue(seen.get(i) >= seen.get(i - 1), "counters only grow: " + seen);
        }
      }

      Map<String, Double> m = scrape(endpoint);
      assertEquals(ZONES, m.get(CREATES_ACCEPTED), "CREATEs counted");
      assertEquals(
          ZONES, m.get("dns_agent_operations_total{kind=\"create\",result=\"succeeded\"}"));
      assertEquals(
          ZONES,
          m.get(
              "dns_agent_operation_duration_seconds_count{kind=\"create\",result=\"succeeded\"}"));
      assertEquals(ZONES, m.get("dns_agent_transfers_total{result=\"ok\",type=\"axfr\"}"));
      assertTrue(m.get("dns_agent_transfer_bytes_total{type=\"axfr\"}") > ZONES * 100);
      assertEquals(ZONES, m.get("dns_agent_zones"));
      assertEquals(0, m.get("dns_agent_queue_depth"));
      assertEquals(0, m.get("dns_agent_oldest_pending_operation_age_seconds"));
      assertTrue(m.get("dns_agent_journal_fsync_duration_seconds_count") >= 1);
      assertEquals(1, m.get("dns_agent_backend_up{driver=\"files\",target=\"default\"}"));
      // status reads the same registry
      Map<String, Object> counters = counters(f);
      assertEquals(
          (long) ZONES,
          ((Number) counters.get("dns_agent_requests_total{kind=\"create\",result=\"accepted\"}"))
              .longValue());

      // The backend goes away: not ready, with the reason; back: ready again.
      Path away = f.agentZones.resolveSibling("zones.away");
      Files.move(f.agentZones, away);
      AgentFixture.await(
          "/readyz to turn 503", Duration.ofSeconds(30), () -> status(endpoint, "/readyz") == 503);
      HttpResponse<String> down = get(endpoint, "/readyz");
      assertTrue(down.body().contains("FAILED"), down.body());
      assertEquals(
          0, scrape(endpoint).get("dns_agent_backend_up{driver=\"files\",target=\"default\"}"));
      assertEquals(200, get(endpoint, "/livez").statusCode(), "alive all the same");
      Files.move(away, f.agentZones);
      AgentFixture.await(
          "/readyz to turn 200", Duration.ofSeconds(30), () -> status(endpoint, "/readyz") == 200);
      assertEquals(404, get(endpoint, "/nothing").statusCode());
    }
  }

  private static final String CREATES_ACCEPTED =
      "dns_agent_requests_total{kind=\"create\",result=\"accepted\"}";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> counters(AgentFixture f) throws Exception {
    Map<String, Object> status = f.admin().status();
    return (Map<String, Object>) status.get("counters");
  }

  private int status(InetSocketAddress endpoint, String path) {
    try {
      return get(endpoint, path).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpResponse<String> get(InetSocketAddress endpoint, String path)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + endpoint.getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The samples of one scrape, {@code name{labels}} to value; fails on a bad exposition. */
  private Map<String, Double> scrape(InetSocketAddress endpoint)
      throws IOException, InterruptedException {
    HttpResponse<String> r = get(endpoint, "/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        "text exposition format");
    Map<String, Double> samples = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertTrue(m.matches(), "a sample line: " + line);
      samples.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return samples;
  }
}
