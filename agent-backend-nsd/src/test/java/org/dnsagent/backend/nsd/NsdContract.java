// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.TestZones;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.servers.NsdServer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The shared backend contract on a real nsd, for one control channel, transport and zone mode (the
 * subclasses). The zone {@code conf.example} is configured in nsd.conf; in secondary mode nsd
 * transfers from the contract's primary with the key the agent writes into its pattern file.
 */
abstract class NsdContract extends BackendContract {
  static final Name CONF = TestZones.name("conf.example.");

  NsdServer nsd;

  abstract NsdServer.Control control();

  /** {@code native} or {@code exec}. */
  abstract String transport();

  /** {@code primary} or {@code secondary}. */
  abstract String zoneMode();

  Path state() {
    return context().stateDirectory();
  }

  Map<String, String> settings() {
    Map<String, String> settings = NsdTargets.settings(nsd, transport(), state());
    settings.put("zone_mode", zoneMode());
    settings.put("timeout", "5");
    return settings;
  }

  @Override
  protected void startServer() throws Exception {
    Files.writeString(state().resolve("patterns.conf"), "");
    nsd =
        NsdServer.builder()
            .control(control())
            .file("conf.zone", handZoneText(CONF))
            .config(
                NsdTargets.primaryConfig(state())
                    + "include: \""
                    + state().resolve("patterns.conf")
                    + "\"\n")
            .start();
  }

  @Override
  protected void stopServer() {
    if (nsd != null) {
      nsd.close();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return NsdTargets.backend(settings(), context);
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.of(nsd.dnsAddress());
  }

  @Override
  protected Name handConfiguredZone() {
    return CONF;
  }

  @Override
  protected void makeUnavailable() {
    nsd.stop();
  }

  /**
   * NSD keeps secondary zones in memory (the agent's patterns name no zonefile): after a restart it
   * serves them once it has transferred them again, which this waits for.
   */
  @Override
  protected void makeAvailable() throws Exception {
    nsd.restart();
    if (!zoneMode().equals("secondary")) {
      return;
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (ZoneStatus z : ZoneStatus.parseAll(ControlReply.of(nsd.control("zonestatus").stdout()))) {
      if (z.fromConfigFile()) {
        continue;
      }
      Name zone = TestZones.name(z.zone() + ".");
      while (Queries.query(nsd.dnsAddress(), zone, Type.SOA).getRcode() != Rcode.NOERROR
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(5);
  }

  /** NSD names a primary zone's file after the zone: a 253-character name has no file. */
  @Override
  protected List<Name> oddNames() {
    if (zoneMode().equals("secondary")) {
      return HostileNames.odd();
    }
    return HostileNames.odd().stream().filter(n -> n.toString().length() < 200).toList();
  }

  @Test
  void aNameTooLongForNsdsZoneFileIsRejectedClearly() throws Exception {
    assumeTrue(backend instanceof ContentBackend, "primary mode only");
    Name longest = HostileNames.longest();
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> ((ContentBackend) backend).createZone(TestZones.streamed(longest, 1, 0)));
    assertEquals(Kind.REJECTED, e.kind());
    assertTrue(e.getMessage().contains("too long for a file name"), e.getMessage());
    backend.deleteZone(longest); // nothing to delete: fine
  }
}
