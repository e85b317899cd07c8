// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.AdminEndpoint;
import org.dnsagent.core.agent.Agent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin endpoint (issue 17 item 10): the loopback TCP endpoint wants the token that only the
 * agent's user can read; another local user can neither read it nor use either endpoint; silent
 * connections to the TCP endpoint do not stall the unix socket.
 */
class AdminAuthTest {
  /** Run as another user: reads the token, asks the TCP endpoint, connects to the socket. */
  private static final String AS_OTHER_USER =
      String.join(
          "\n",
          "import json, socket, sys",
          "tok, host, port, sock = sys.argv[1:5]",
          "r = {}",
          "try:",
          "    open(tok).read(); r['token'] = 'read'",
          "except PermissionError:",
          "    r['token'] = 'denied'",
          "try:",
          "    s = socket.create_connection((host, int(port)), timeout=10)",
          "    s.sendall(b'{\"command\": \"status\"}\\n')",
          "    data = b''",
          "    while True:",
          "        b = s.recv(4096)",
          "        if not b:",
          "            break",
          "        data += b",
          "    r['tcp'] = json.loads(data).get('error', 'answered')",
          "except Exception as e:",
          "    r['tcp'] = 'failed ' + type(e).__name__",
          "try:",
          "    u = socket.socket(socket.AF_UNIX)",
          "    u.settimeout(10)",
          "    u.connect(sock)",
          "    r['unix'] = 'connected'",
          "except PermissionError:",
          "    r['unix'] = 'denied'",
          "print(json.dumps(r))");

  @TempDir Path dir;
  private KeyedAgents agents;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agent = agents.startAgent("a", Optional.empty(), "admin_listen = 127.0.0.1:0", List.of());
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void theTcpEndpointWantsTheTokenOnlyTheAgentsUserCanRead() throws Exception {
    InetSocketAddress tcp = agent.adminAddress().orElseThrow();
    AdminClient bare = new AdminClient(new AdminEndpoint.Tcp(tcp), Duration.ofSeconds(10));
    for (String command : List.of("status", "reconcile")) {
      AdminClient.AdminException e =
          assertThrows(
              AdminClient.AdminException.class, () -> bare.call(Map.of("command", command)));
      assertTrue(e.getMessage().startsWith("not authorized"), e.getMessage());
    }
    Path fake = Files.writeString(dir.resolve("fake.token"), "guessed\n");
    AdminClient guessing =
        new AdminClient(new AdminEndpoint.Tcp(tcp), Duration.ofSeconds(10), Optional.of(fake));
    assertThrows(
        AdminClient.AdminException.class, () -> guessing.call(Map.of("command", "status")));

    Path token = agent.adminTokenFile().orElseThrow();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    assertNotNull(new Admin(tcp, token).status().get("queue_depth"));
    // The unix socket (owner only) needs no token.
    assertNotNull(new Admin(agent.adminSocket().orElseThrow()).status().get("queue_depth"));
  }

  @Test
  void anotherLocalUserCanUseNeitherEndpoint() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(root && Files.isExecutable(setpriv), "needs root and setpriv to act as nobody");
    InetSocketAddress tcp = agent.adminAddress().orElseThrow();
    Process p =
        new ProcessBuilder(
                setpriv.toString(),
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "/usr/bin/python3",
                "-c",
                AS_OTHER_USER,
                agent.adminTokenFile().orElseThrow().toString(),
                tcp.getAddress().getHostAddress(),
                Integer.toString(tcp.getPort()),
                agent.adminSocket().orElseThrow().toString())
            .redirectErrorStream(true)
            .start();
    String out;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      out = String.join("\n", r.lines().toList());
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the other user's client ended");
    Map<String, String> r = PythonProcess.fields(out);
    assertEquals("denied", r.get("token"), out);
    assertTrue(r.getOrDefault("tcp", "").startsWith("not authorized"), out);
    assertEquals("denied", r.get("unix"), out);
  }

  @Test
  void silentTcpConnectionsDoNotStallTheUnixSocket() throws Exception {
    InetSocketAddress tcp = agent.adminAddress().orElseThrow();
    List<Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        silent.add(new Socket(tcp.getAddress(), tcp.getPort()));
      }
      Thread.sleep(300);
      long t0 = System.nanoTime();
      assertNotNull(new Admin(agent.adminSocket().orElseThrow()).status().get("queue_depth"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(millis < 5000, "the unix socket answered in " + millis + " ms");
    } finally {
      for (Socket s : silent) {
        s.close();
      }
    }
  }
}
