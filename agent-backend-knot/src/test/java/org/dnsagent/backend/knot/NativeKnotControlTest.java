// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native client never waits longer than its timeout. */
class NativeKnotControlTest {
  @TempDir Path dir;

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    Path socket = dir.resolve("mute.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      try (NativeKnotControl control = new NativeKnotControl(socket, Duration.ofMillis(500))) {
        long start = System.nanoTime();
        BackendException e =
            assertThrows(BackendException.class, () -> control.call(CtlRequest.of("status")));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
        assertTrue(seconds < 5, "gave up after " + seconds + " s");
        try (SocketChannel accepted = server.accept()) {
          assertTrue(accepted.isConnected());
        }
      }
    }
  }

  @Test
  void noSocketIsUnavailable() {
    try (NativeKnotControl control =
        new NativeKnotControl(dir.resolve("none.sock"), Duration.ofSeconds(1))) {
      BackendException e =
          assertThrows(BackendException.class, () -> control.call(CtlRequest.of("status")));
      assertEquals(Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("none.sock"), e.getMessage());
    }
  }
}
