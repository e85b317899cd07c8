// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Name;

/**
 * BADTIME replies are signed as RFC 8945 says (issue 17 item 4): the MAC covers the request MAC,
 * the reply and the TSIG variables with Other Data (the server's time), so that a standard client
 * can check it. Checked with dnspython's own digest code.
 */
class BadTimeTest {
  private static final TsigKeySpec CTL = KeyScopeTest.CTL;
  private static final Name ZONE = TestZones.name("clock.test.");

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    PythonProcess.requirePythonAndDesignate();
    agents = KeyedAgents.start(dir, b -> {});
    agents.startAgent("a", Optional.empty(), "tsig_keys = ctl", List.of(CTL));
  }

  @AfterEach
  void stop() {
    if (agents != null) {
      agents.close();
    }
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void aBadTimeReplyVerifiesWithDnspython(boolean tcp) throws Exception {
    InetSocketAddress agent = agents.address("a");
    try (PythonProcess python =
        PythonProcess.start(
            "tsig_badtime.py",
            List.of(
                agent.getAddress().getHostAddress(),
                Integer.toString(agent.getPort()),
                ZONE.toString(),
                CTL.name(),
                CTL.algorithm(),
                CTL.secret(),
                tcp ? "tcp" : "udp"),
            Map.of(),
            dir)) {
      Map<String, String> r = PythonProcess.fields(python.readLine(Duration.ofSeconds(60)));
      assertEquals("BADTIME", r.get("error"), r.toString());
      assertEquals("true", r.get("verified"), "dnspython verifies the BADTIME MAC: " + r);
      assertEquals(r.get("request_time"), r.get("time_signed"), "time signed is the request's");
      long server = Long.parseLong(r.get("other"));
      assertTrue(Math.abs(server - Instant.now().getEpochSecond()) < 60, "server time: " + r);
      assertEquals("PeerBadTime", r.get("raised"), r.toString());
    }
  }
}
