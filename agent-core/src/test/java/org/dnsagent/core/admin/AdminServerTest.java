// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
  @TempDir Path tempDir;
  private Path dir;

  /** A unix socket path must fit in ~107 bytes; a deep build directory may not. */
  @BeforeEach
  void shortDirectory() throws IOException {
    dir =
        tempDir.toString().length() < 60
            ? tempDir
            : Files.createTempDirectory(Path.of("/tmp"), "admin-test");
  }

  @AfterEach
  void removeShortDirectory() throws IOException {
    if (!dir.equals(tempDir)) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static final AdminHandler ECHO =
      request -> {
        if ("boom".equals(request.get("command"))) {
          throw new IllegalArgumentException("no such thing");
        }
        return Map.of("echo", request.get("command"));
      };

  @Test
  void answersOverTheUnixSocketAndLoopbackTcp() throws Exception {
    Path socket = dir.resolve("admin.sock");
    try (AdminServer server =
        AdminServer.start(
            Optional.of(socket), true, Optional.of(new InetSocketAddress("127.0.0.1", 0)), ECHO)) {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
      AdminClient unix = new AdminClient(new AdminEndpoint.Unix(socket), Duration.ofSeconds(5));
      assertEquals(Map.of("echo", "status"), unix.call(Map.of("command", "status")));
      AdminClient tcp =
          new AdminClient(
              new AdminEndpoint.Tcp(server.tcpAddress().orElseThrow()), Duration.ofSeconds(5));
      AdminClient.AdminException e =
          assertThrows(AdminClient.AdminException.class, () -> tcp.call(Map.of("command", "boom")));
      assertEquals("no such thing", e.getMessage());
    }
    assertFalse(Files.exists(socket), "the socket file is removed on close");
  }

  @Test
  void aStaleSocketIsReplacedButALiveOneIsNot() throws Exception {
    Path socket = dir.resolve("admin.sock");
    Files.writeString(socket, "left behind by a killed agent");
    try (AdminServer server =
        AdminServer.start(Optional.of(socket), true, Optional.empty(), ECHO)) {
      assertTrue(server.socketPath().isPresent());
      IOException e =
          assertThrows(
              IOException.class,
              () -> AdminServer.start(Optional.of(socket), true, Optional.empty(), ECHO));
      assertTrue(e.getMessage().contains("another agent"), e.getMessage());
    }
  }

  @Test
  void onlyLoopbackIsAccepted() {
    assertThrows(IllegalArgumentException.class, () -> AdminEndpoint.parse("192.0.2.1:8053"));
    assertThrows(
        IOException.class,
        () ->
            AdminServer.start(
                Optional.empty(), false, Optional.of(new InetSocketAddress("0.0.0.0", 0)), ECHO));
    assertEquals(
        new AdminEndpoint.Unix(Path.of("/run/a.sock")), AdminEndpoint.parse("/run/a.sock"));
  }

  @Test
  void anUnreachableAgentIsAClearError() {
    AdminClient client =
        new AdminClient(new AdminEndpoint.Unix(dir.resolve("none.sock")), Duration.ofSeconds(1));
    IOException e = assertThrows(IOException.class, () -> client.call(Map.of("command", "status")));
    assertTrue(e.getMessage().contains("is it running?"), e.getMessage());
  }
}
