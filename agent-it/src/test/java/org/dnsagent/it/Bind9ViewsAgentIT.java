// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.dnsagent.client.AgentResponse;
import org.dnsagent.testing.TestZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Split horizon through the agent: the key that signs a CREATE, DELETE or NOTIFY selects the
 * target, hence the view and the masters; queries signed with a view's key see that view's data.
 */
class Bind9ViewsAgentIT {
  private static final Name ZONE = TestZones.name("split.test.");
  private static final Name WWW = TestZones.name("www.split.test.");
  private static final Name ONLY_INTERNAL = TestZones.name("only-internal.test.");

  @TempDir Path dir;

  @Test
  void eachKeyProvisionsItsOwnViewFromItsOwnMasters() throws Exception {
    try (SplitHorizonFixture f = SplitHorizonFixture.start(dir, "primary")) {
      SplitHorizonFixture.Side in = f.internal;
      SplitHorizonFixture.Side out = f.external;
      in.publish(ZONE, 10, "10.0.0");
      out.publish(ZONE, 20, "192.0.2");
      in.publish(ONLY_INTERNAL, 1, "10.0.1");
      out.publish(ONLY_INTERNAL, 1, "192.0.3");

      AgentResponse unsigned = f.client(Optional.empty(), false).create(ZONE);
      assertEquals(Rcode.REFUSED, unsigned.rcode(), "require_tsig: " + unsigned.describe());
      assertEquals(Rcode.REFUSED, in.named().soaRcode(ZONE), "nothing was provisioned");

      assertCreated(f.client(Optional.of(f.k1), false).create(ZONE));
      assertEquals(10, in.named().serial(ZONE));
      assertEquals(Optional.of("10.0.0.10"), in.named().address(WWW));
      assertEquals(Rcode.REFUSED, out.named().soaRcode(ZONE), "k1 provisions the internal view");

      assertCreated(f.client(Optional.of(f.k2), true).create(ZONE));
      assertEquals(20, out.named().serial(ZONE));
      assertEquals(Optional.of("192.0.2.20"), out.named().address(WWW));
      assertEquals(Optional.of("10.0.0.10"), in.named().address(WWW), "internal data unchanged");

      assertCreated(f.client(Optional.of(f.k1), true).create(ONLY_INTERNAL));
      assertEquals(1, in.named().serial(ONLY_INTERNAL));
      assertEquals(Rcode.REFUSED, out.named().soaRcode(ONLY_INTERNAL));

      // Both targets share zone_file_path; each view has its own directory in it.
      Path internalFile = f.zoneFiles.resolve("internal/split.test.zone");
      Path externalFile = f.zoneFiles.resolve("external/split.test.zone");
      assertNotEquals(Files.readString(internalFile), Files.readString(externalFile));

      // Each master NOTIFYs with its view's key: the agent updates that view only.
      in.publish(ZONE, 11, "10.0.0");
      AgentFixture.await(
          "internal serial 11", Duration.ofSeconds(10), () -> in.named().serial(ZONE) == 11);
      assertEquals(Optional.of("10.0.0.11"), in.named().address(WWW));
      assertEquals(20, out.named().serial(ZONE));
      out.publish(ZONE, 21, "192.0.2");
      AgentFixture.await(
          "external serial 21", Duration.ofSeconds(10), () -> out.named().serial(ZONE) == 21);
      assertEquals(Optional.of("192.0.2.21"), out.named().address(WWW));
      assertEquals(11, in.named().serial(ZONE));

      assertDone(f.client(Optional.of(f.k1), false).delete(ZONE));
      assertEquals(Rcode.REFUSED, in.named().soaRcode(ZONE));
      assertFalse(Files.exists(internalFile));
      assertEquals(21, out.named().serial(ZONE), "the external view keeps its zone");
      assertTrue(Files.exists(externalFile));
      assertDone(f.client(Optional.of(f.k2), true).delete(ZONE));
      assertEquals(Rcode.REFUSED, out.named().soaRcode(ZONE));
      assertFalse(Files.exists(externalFile));
    }
  }

  @Test
  void secondaryZonesAreTransferredByNamedFromEachViewsMaster() throws Exception {
    try (SplitHorizonFixture f = SplitHorizonFixture.start(dir, "secondary")) {
      SplitHorizonFixture.Side in = f.internal;
      SplitHorizonFixture.Side out = f.external;
      in.publish(ZONE, 10, "10.0.0");
      out.publish(ZONE, 20, "192.0.2");

      assertCreated(f.client(Optional.of(f.k1), false).create(ZONE));
      assertCreated(f.client(Optional.of(f.k2), true).create(ZONE));
      AgentFixture.await(
          "named to transfer both views",
          Duration.ofSeconds(15),
          () -> in.named().serial(ZONE) == 10 && out.named().serial(ZONE) == 20);
      assertEquals(Optional.of("10.0.0.10"), in.named().address(WWW));
      assertEquals(Optional.of("192.0.2.20"), out.named().address(WWW));

      // NOTIFY (from the internal master, signed with k1) makes the agent ask named to refresh.
      in.publish(ZONE, 11, "10.0.0");
      AgentFixture.await(
          "internal serial 11", Duration.ofSeconds(15), () -> in.named().serial(ZONE) == 11);
      assertEquals(Optional.of("10.0.0.11"), in.named().address(WWW));
      assertEquals(20, out.named().serial(ZONE));

      assertDone(f.client(Optional.of(f.k1), true).delete(ZONE));
      assertDone(f.client(Optional.of(f.k2), false).delete(ZONE));
      assertEquals(Rcode.REFUSED, in.named().soaRcode(ZONE));
      assertEquals(Rcode.REFUSED, out.named().soaRcode(ZONE));
    }
  }

  private static void assertCreated(AgentResponse reply) {
    assertDone(reply);
  }

  private static void assertDone(AgentResponse reply) {
    assertTrue(reply.succeeded(), reply.describe());
    assertTrue(reply.verified(), "the reply is signed with the request's key");
  }
}
