// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.dnsagent.testing.TestZones.name;
import static org.dnsagent.testing.TestZones.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dnsagent.spi.ZoneFiles;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.NamedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Measures 1,000 addzone and 1,000 delzone over the native transport (one connection) and over rndc
 * processes, and 1,000 full createZone calls (file + addzone). Prints timings; asserts only that
 * every command succeeded. Opt-in, it takes ~40 s: {@code mvn -pl agent-backend-bind9 test
 * -Dtest=RndcThroughputBench -Dbind9.bench=true}.
 */
@EnabledIfSystemProperty(named = "bind9.bench", matches = "true")
class RndcThroughputBench {
  private static final int ZONES = 1000;

  @TempDir Path state;

  @Test
  void thousandAddzonesNativeVersusExec() throws Exception {
    try (NamedServer named = NamedServer.builder().start()) {
      for (String transport : List.of("native", "exec")) {
        Map<String, String> settings = TestTargets.settings(named, transport);
        settings.put("rndc_timeout", "30s");
        ContractContext context = ContractContext.in(state.resolve(transport));
        Bind9Config config = TestTargets.config(settings, context);
        RndcCommands commands = new RndcCommands(config.view());
        List<Name> zones = new ArrayList<>();
        List<ZoneStanza> stanzas = new ArrayList<>();
        for (int i = 0; i < ZONES; i++) {
          Name zone = name(String.format("z%04d.%s.bench.", i, transport));
          Path file = ZoneFiles.pathFor(config.zoneDirectory(), zone, ".zone");
          ZoneFiles.writeAtomically(file, small(zone, 1, "192.0.2.1"));
          zones.add(zone);
          stanzas.add(
              new ZoneStanza(
                  ZoneMode.PRIMARY,
                  file,
                  List.of(),
                  List.of(),
                  List.of(),
                  java.util.Optional.empty(),
                  java.util.Optional.empty()));
        }
        try (RndcTransport rndc = Bind9BackendFactory.transport(config, context)) {
          long t0 = System.nanoTime();
          for (int i = 0; i < ZONES; i++) {
            assertTrue(rndc.execute(commands.addzone(zones.get(i), stanzas.get(i))).ok());
          }
          long t1 = System.nanoTime();
          for (Name zone : zones) {
            assertTrue(rndc.execute(commands.delzone(zone, false)).ok());
          }
          long t2 = System.nanoTime();
          System.out.printf(
              "%s transport: %d addzone %.2f s, %d delzone %.2f s%n",
              transport, ZONES, (t1 - t0) / 1e9, ZONES, (t2 - t1) / 1e9);
        }
      }
      Map<String, String> settings = TestTargets.settings(named, "native");
      try (Bind9PrimaryBackend backend =
          TestTargets.primary(settings, ContractContext.in(state.resolve("b")))) {
        backend.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < ZONES; i++) {
          backend.createZone(small(name(String.format("c%04d.backend.bench.", i)), 1, "192.0.2.1"));
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < ZONES; i++) {
          backend.deleteZone(name(String.format("c%04d.backend.bench.", i)));
        }
        long t2 = System.nanoTime();
        System.out.printf(
            "native backend: %d createZone (file + addzone) %.2f s, %d deleteZone (showzone +"
                + " delzone -clean) %.2f s%n",
            ZONES, (t1 - t0) / 1e9, ZONES, (t2 - t1) / 1e9);
        assertEquals(true, backend.checkHealth().healthy());
      }
    }
  }

  /**
   * What an ownership check costs named once it holds many added zones: {@code showzone} reads the
   * zone's definition back from the .nzd database, {@code zonestatus} only the loaded zone.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void showzoneVersusZonestatusWithManyZones() throws Exception {
    int zones = Integer.getInteger("bind9.bench.zones", 20_000);
    int probes = 500;
    try (NamedServer named = NamedServer.builder().start()) {
      Map<String, String> settings = TestTargets.settings(named, "native");
      settings.put("rndc_timeout", "60s");
      ContractContext context = ContractContext.in(state.resolve("many"));
      Bind9Config config = TestTargets.config(settings, context);
      RndcCommands commands = new RndcCommands(config.view());
      List<Name> names = new ArrayList<>();
      try (RndcTransport rndc = Bind9BackendFactory.transport(config, context)) {
        for (int i = 0; i < zones; i++) {
          Name zone = name(String.format("m%06d.many.bench.", i));
          Path file = ZoneFiles.pathFor(config.zoneDirectory(), zone, ".zone");
          ZoneFiles.writeAtomically(file, small(zone, 1, "192.0.2.1"));
          ZoneStanza stanza =
              new ZoneStanza(
                  ZoneMode.PRIMARY,
                  file,
                  List.of(),
                  List.of(),
                  List.of(),
                  java.util.Optional.empty(),
                  java.util.Optional.empty());
          assertTrue(rndc.execute(commands.addzone(zone, stanza)).ok());
          names.add(zone);
        }
        for (String verb : List.of("showzone", "zonestatus", "showzone", "zonestatus")) {
          long t0 = System.nanoTime();
          for (int i = 0; i < probes; i++) {
            Name zone = names.get(i * (zones / probes));
            List<String> command =
                verb.equals("showzone") ? commands.showzone(zone) : commands.zonestatus(zone);
            assertTrue(rndc.execute(command).ok(), verb + " " + zone);
          }
          System.out.printf(
              "%d zones in named: %s %.2f ms each%n",
              zones, verb, (System.nanoTime() - t0) / 1e6 / probes);
        }
      }
    }
  }
}
