// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.dnsagent.client.AgentCommand;
import org.dnsagent.client.AgentTargetClient;
import org.dnsagent.client.ControlMessages;
import org.dnsagent.client.RetryPolicy;
import org.dnsagent.client.TargetOutcome;
import org.dnsagent.core.agent.Agent;
import org.dnsagent.core.wire.ReplayMarks;
import org.dnsagent.spi.TsigKeySpec;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/**
 * Replay protection survives a restart: the latest time signed accepted per key is kept under
 * {@code state_path} ({@link ReplayMarks}), so a signed CREATE or DELETE captured before a clean
 * stop, or before a crash more than a second after it was accepted, is refused with BADTIME after
 * the restart, while a request signed afresh is acted on.
 */
class ReplayAfterRestartTest {
  private static final TsigKeySpec CTL = KeyScopeTest.CTL;
  private static final Name ZONE = TestZones.name("restarted.test.");
  private static final String OPTIONS = "tsig_keys = ctl";

  @TempDir Path dir;
  private KeyedAgents agents;

  @BeforeEach
  void start() throws Exception {
    agents = KeyedAgents.start(dir, b -> {});
    agents.publish(ZONE, 3, 2);
  }

  @AfterEach
  void stop() {
    agents.close();
  }

  @Test
  void requestsCapturedBeforeACleanRestartAreRefused() throws Exception {
    agents.startAgent("a", Optional.empty(), OPTIONS, List.of(CTL));
    Path file = agents.zoneFile("a", ZONE);
    byte[] create = signed(AgentCommand.CREATE, 201);
    assertEquals(Rcode.NOERROR, exchange(agents.address("a"), create, false).getRcode());
    assertTrue(Files.exists(file));
    byte[] delete = signed(AgentCommand.DELETE, 202);
    assertEquals(Rcode.NOERROR, exchange(agents.address("a"), delete, true).getRcode());
    assertFalse(Files.exists(file));

    agents.stop("a");
    Path marks = dir.resolve("a").resolve(Agent.REPLAY_MARKS_FILE);
    assertEquals(
        timeSigned(delete),
        ReplayMarks.read(marks).get(CTL.keyName()),
        "a clean stop writes the latest time signed accepted");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(marks)));
    }
    agents.startAgent("a", Optional.empty(), OPTIONS, List.of(CTL));
    InetSocketAddress agent = agents.address("a");

    for (boolean tcp : List.of(false, true)) {
      assertReplayRefused(
          exchange(agent, create, tcp), "CREATE replayed after restart, tcp=" + tcp);
      assertFalse(Files.exists(file), "the replayed CREATE did not bring the zone back");
    }
    waitForTheSecondAfter(timeSigned(delete));
    assertEquals(
        Rcode.NOERROR, exchange(agent, signed(AgentCommand.CREATE, 203), false).getRcode());
    assertTrue(Files.exists(file), "a freshly signed CREATE is acted on");
    for (boolean tcp : List.of(false, true)) {
      assertReplayRefused(
          exchange(agent, delete, tcp), "DELETE replayed after restart, tcp=" + tcp);
      assertTrue(Files.exists(file), "the replayed DELETE did not remove the zone");
    }
  }

  @Test
  void requestsAcceptedMoreThanASecondBeforeACrashAreRefused() throws Exception {
    int port = FreePorts.tcpAndUdp();
    Path conf = agents.writeConfig("a", port, Optional.empty(), OPTIONS, List.of(CTL));
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    Path file = agents.zoneFile("a", ZONE);
    Path marks = dir.resolve("a").resolve(Agent.REPLAY_MARKS_FILE);
    byte[] create = signed(AgentCommand.CREATE, 301);
    byte[] delete;
    AgentProcess process = AgentProcess.start(conf, dir.resolve("agent.log"));
    try {
      assertEquals(Rcode.NOERROR, exchange(address, create, false).getRcode());
      assertTrue(Files.exists(file));
      delete = signed(AgentCommand.DELETE, 302);
      assertEquals(Rcode.NOERROR, exchange(address, delete, false).getRcode());
      assertFalse(Files.exists(file));
      // The background writer saves a changed mark about once a second; wait (boundedly) until it
      // has, then SIGKILL: no shutdown, no last write.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (markOf(marks) < timeSigned(delete) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(timeSigned(delete), markOf(marks), "written while the agent runs");
      process.kill();
    } finally {
      process.close();
    }

    agents.startAgent("a", Optional.empty(), OPTIONS, List.of(CTL));
    InetSocketAddress agent = agents.address("a");
    assertReplayRefused(exchange(agent, create, false), "CREATE replayed after a crash");
    assertFalse(Files.exists(file), "the replayed CREATE did not bring the zone back");
    waitForTheSecondAfter(timeSigned(delete));
    assertEquals(
        Rcode.NOERROR, exchange(agent, signed(AgentCommand.CREATE, 303), false).getRcode());
    assertTrue(Files.exists(file), "a freshly signed CREATE is acted on");
    assertReplayRefused(exchange(agent, delete, true), "DELETE replayed after a crash");
    assertTrue(Files.exists(file), "the replayed DELETE did not remove the zone");
  }

  /**
   * The pool-target client re-signs every attempt: after a restart, a request refused for a mark
   * (here one ahead of the client's clock, from a request signed 10 s ahead and accepted within the
   * fudge) is retried with a new signature and acted on once the clock passes the mark.
   */
  @Test
  void thePoolTargetClientResignsAfterABadtime() throws Exception {
    agents.startAgent("a", Optional.empty(), OPTIONS, List.of(CTL));
    long ahead = Instant.now().getEpochSecond() + 10;
    Message notify = ControlMessages.request(AgentCommand.NOTIFY, ZONE, 401);
    notify.setTSIG(
        new TSIG(
            CTL.algorithmName(),
            CTL.keyName(),
            new SecretKeySpec(Base64.getDecoder().decode(CTL.secret()), "HmacSHA256"),
            Clock.fixed(Instant.ofEpochSecond(ahead), ZoneOffset.UTC)));
    Message accepted = exchange(agents.address("a"), notify.toWire(65535), false);
    assertEquals(Rcode.NOERROR, accepted.getTSIG().getError(), "signed 10 s ahead is accepted");
    agents.stop("a");
    agents.startAgent("a", Optional.empty(), OPTIONS, List.of(CTL));
    assertTrue(Instant.now().getEpochSecond() < ahead, "restarted before the mark passed");

    TargetOutcome outcome =
        new AgentTargetClient(
                agents.address("a"),
                Optional.of(CTL.toTsig()),
                new RetryPolicy(
                    60, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                false)
            .run(AgentCommand.CREATE, ZONE);
    assertTrue(outcome.succeeded(), outcome.toString());
    assertTrue(outcome.attempts() >= 2, "the first attempt was refused: " + outcome);
    assertTrue(outcome.errors().get(0).contains("BADTIME"), outcome.errors().toString());
    assertTrue(Files.exists(agents.zoneFile("a", ZONE)));
  }

  private static long markOf(Path marks) {
    try {
      return ReplayMarks.read(marks).getOrDefault(CTL.keyName(), Long.MIN_VALUE);
    } catch (java.io.IOException notYet) {
      return Long.MIN_VALUE;
    }
  }

  /** A request signed at or before the mark's second is refused: sign the fresh one later. */
  private static void waitForTheSecondAfter(long epochSeconds) throws InterruptedException {
    while (Instant.now().getEpochSecond() <= epochSeconds) {
      Thread.sleep(50);
    }
  }

  private static long timeSigned(byte[] wire) throws Exception {
    return new Message(wire).getTSIG().getTimeSigned().getEpochSecond();
  }

  private static void assertReplayRefused(Message reply, String what) {
    assertEquals(Rcode.NOTAUTH, reply.getRcode(), what + ": " + reply);
    assertNotNull(reply.getTSIG(), what);
    assertEquals(Rcode.BADTIME, reply.getTSIG().getError(), what);
  }

  private static Message exchange(InetSocketAddress agent, byte[] wire, boolean tcp)
      throws Exception {
    return new Message(RawExchange.send(agent, wire, tcp));
  }

  private static byte[] signed(AgentCommand command, int id) {
    Message m = ControlMessages.request(command, ZONE, id);
    m.setTSIG(CTL.toTsig());
    return m.toWire(65535);
  }
}
