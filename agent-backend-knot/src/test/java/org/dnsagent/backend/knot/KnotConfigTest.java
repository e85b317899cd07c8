// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.HostAccess;
import org.dnsagent.spi.HostFiles;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings are read and checked before anything is contacted. */
class KnotConfigTest {
  @TempDir Path state;

  @Test
  void defaults() {
    KnotConfig c = KnotTargets.config(Map.of(), ContractContext.in(state));
    assertEquals(Path.of("/run/knot/knot.sock"), c.socket());
    assertEquals(Path.of("/usr/sbin/knotc"), c.knotc());
    assertEquals(KnotConfig.Transport.NATIVE, c.transport());
    assertEquals(KnotConfig.Mode.PRIMARY, c.zoneMode());
    assertEquals(state.resolve("zones").toAbsolutePath(), c.zoneFilePath());
    assertEquals("default", c.template());
    assertEquals(new InetSocketAddress("127.0.0.1", 53), c.queryDestination());
    assertEquals(Duration.ofSeconds(10), c.timeout());
  }

  @Test
  void badValuesNameTheOption() {
    assertMessage(Map.of("knot_transport", "ssh"), "knot_transport");
    assertMessage(Map.of("zone_mode", "master"), "zone_mode");
    assertMessage(Map.of("knot_socket", "knot.sock"), "absolute");
    assertMessage(Map.of("zone_file_path", "/var/lib/my zones"), "blanks");
    assertMessage(Map.of("template", "a b"), "template");
    assertMessage(Map.of("timeout", "0"), "timeout");
    assertMessage(Map.of("zone_mode", "secondary"), "masters");
  }

  @Test
  void theNativeTransportNeedsKnotdOnThisHost() {
    CommandRunner runner = ContractContext.in(state).commandRunner();
    BackendContext remote =
        new BackendContext() {
          @Override
          public String targetName() {
            return "default";
          }

          @Override
          public Path stateDirectory() {
            return state;
          }

          @Override
          public List<MasterServer> masters() {
            return List.of();
          }

          @Override
          public CommandRunner commandRunner() {
            return runner;
          }

          @Override
          public HostAccess host() {
            return new HostAccess() {
              @Override
              public String description() {
                return "ssh dns@192.0.2.53:22";
              }

              @Override
              public CommandRunner commands() {
                return runner;
              }

              @Override
              public HostFiles files() {
                throw new UnsupportedOperationException();
              }
            };
          }
        };
    ConfigException e =
        assertThrows(ConfigException.class, () -> KnotTargets.config(Map.of(), remote));
    assertTrue(e.getMessage().contains("knot_transport = exec"), e.getMessage());
    KnotConfig exec = KnotTargets.config(Map.of("knot_transport", "exec"), remote);
    assertEquals(KnotConfig.Transport.EXEC, exec.transport());
  }

  @Test
  void theFactoryIsFoundByNameAndDeclaresEveryOption() {
    BackendFactory found = null;
    for (BackendFactory f : ServiceLoader.load(BackendFactory.class)) {
      if (f.name().equals("knot")) {
        found = f;
      }
    }
    assertInstanceOf(KnotBackendFactory.class, found);
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec spec : found.options()) {
      names.add(spec.name());
    }
    assertEquals(
        Set.of(
            "knot_socket",
            "knotc_path",
            "knot_transport",
            "zone_mode",
            "zone_file_path",
            "template",
            "query_destination",
            "timeout"),
        names);
    assertInstanceOf(
        KnotSecondaryBackend.class,
        found.create(
            new org.dnsagent.spi.BackendSettings(
                "backend:agent:knot", Map.of("zone_mode", "secondary")),
            ContractContext.in(state)
                .withMasters(List.of(MasterServer.of(new InetSocketAddress("127.0.0.1", 5354))))));
  }

  private void assertMessage(Map<String, String> values, String expected) {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> KnotTargets.config(values, ContractContext.in(state)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("[backend:agent:knot]"), e.getMessage());
  }
}
