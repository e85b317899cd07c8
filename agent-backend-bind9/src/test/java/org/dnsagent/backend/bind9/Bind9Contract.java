// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.testing.TestZones.name;
import static org.dnsagent.testing.TestZones.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.HostileNames;
import org.dnsagent.testing.contract.BackendContract;
import org.dnsagent.testing.servers.NamedServer;
import org.dnsagent.testing.servers.Signals;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The backend contract on a real named, for one transport and one zone mode (the four subclasses),
 * plus what only bind9 has to show. The zone {@code conf.example} is configured in named.conf.
 */
abstract class Bind9Contract extends BackendContract {
  static final Name CONF = name("conf.example.");

  NamedServer named;

  /** {@code native} or {@code exec}. */
  abstract String transport();

  /** {@code primary} or {@code secondary}. */
  abstract String zoneMode();

  /** Freeze named (SIGSTOP) rather than stop it, for the outage test. */
  abstract boolean freezeForOutage();

  Map<String, String> settings() {
    Map<String, String> settings = TestTargets.settings(named, transport());
    settings.put("zone_mode", zoneMode());
    // addzone returns once named has loaded the zone: the 100,000-record one needs more than the
    // 3 s of the other tests on a busy machine.
    settings.put("rndc_timeout", "5s");
    return settings;
  }

  @Override
  protected void startServer() {
    named =
        NamedServer.builder()
            .file("conf.zone", handZoneText(CONF))
            .config(
                NamedServer.keyStatement(
                        transferKey().name(), transferKey().algorithm(), transferKey().secret())
                    + "zone \"conf.example\" { type primary; file \"conf.zone\"; };")
            .start();
  }

  @Override
  protected void stopServer() {
    if (named != null) {
      named.close();
    }
  }

  @Override
  protected Backend createBackend(BackendContext context) {
    return TestTargets.backend(settings(), context);
  }

  @Override
  protected Optional<InetSocketAddress> dnsAddress() {
    return Optional.of(named.dnsAddress());
  }

  @Override
  protected Name handConfiguredZone() {
    return CONF;
  }

  @Override
  protected void makeUnavailable() {
    if (freezeForOutage()) {
      Signals.freeze(named.pid());
    } else {
      named.stop();
    }
  }

  @Override
  protected void makeAvailable() {
    if (freezeForOutage()) {
      Signals.thaw(named.pid());
    } else {
      named.restart();
    }
  }

  @Override
  protected Duration backendTimeout() {
    return Duration.ofSeconds(5); // rndc_timeout in settings()
  }

  /** Hostile names never reach rndc, and leave no file behind. */
  @Test
  void hostileNamesNeverReachTheControlChannel() throws Exception {
    Bind9Config config = TestTargets.config(settings(), context());
    TestTargets.RecordingTransport recording =
        new TestTargets.RecordingTransport(Bind9BackendFactory.transport(config, context()));
    try (Bind9Backend guarded = Bind9Backend.create(config, recording, context().masters())) {
      for (Name hostile : HostileNames.all()) {
        assertThrows(BackendException.class, () -> guarded.findSoa(hostile));
        assertThrows(BackendException.class, () -> guarded.deleteZone(hostile));
      }
    }
    assertEquals(List.of(), recording.commands());
  }

  @Test
  void aRejectedZoneLeavesNoFileAndNamesTheDefinitionInNamedConf() throws Exception {
    BackendException e =
        assertThrows(
            BackendException.class,
            () -> {
              if (backend instanceof ContentBackend content) {
                content.createZone(small(CONF, 9, "192.0.2.9"));
              } else {
                ((Bind9SecondaryBackend) backend).createSecondaryZone(CONF, HostileNames.soa(CONF));
              }
            });
    assertTrue(e.getMessage().contains("conf.zone"), e.getMessage());
    assertFalse(
        Files.exists(ZoneFiles.pathFor(context().stateDirectory().resolve("zones"), CONF, ".zone")),
        "no stray file left for the rejected zone");
  }

  /**
   * named skips a reload when the file looks no newer than its last load; a rewrite within the
   * kernel's coarse timestamp tick used to be lost this way (about 1 in 10 before the fix).
   */
  @Test
  void anUpdateRightAfterCreateIsNeverLost() throws Exception {
    assumeTrue(backend instanceof ContentBackend, "primary mode only");
    ContentBackend content = (ContentBackend) backend;
    List<Name> zones = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Name zone = name("quick" + i + ".example.");
      zones.add(zone);
      content.createZone(small(zone, 1, "192.0.2.1"));
      content.updateZone(small(zone, 2, "192.0.2.2"));
      assertEquals(2L, backend.findSoa(zone).orElseThrow().getSerial(), zone.toString());
    }
    for (Name zone : zones) {
      backend.deleteZone(zone);
    }
  }

  @Test
  void addedZonesSurviveARestartOfNamed() throws Exception {
    Name before = name("before-restart.example.");
    provision(before, 1, 1);
    named.restart();
    Name after = name("after-restart.example.");
    provision(after, 1, 1);
    assertServed(after, 1, 1);
    assertServed(before, 1, 1);
  }
}
