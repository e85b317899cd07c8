// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.ConfigException;
import org.dnsagent.spi.ContentBackend;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.spi.SecondaryBackend;
import org.dnsagent.testing.contract.ContractContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsdBackendFactoryTest {
  @TempDir Path state;

  @Test
  void isFoundByServiceLoaderAsNsd() {
    List<String> names =
        ServiceLoader.load(BackendFactory.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("nsd"), names.toString());
  }

  @Test
  void declaresEveryOptionOfTheIssue() {
    List<String> options =
        new NsdBackendFactory().options().stream().map(OptionSpec::name).toList();
    for (String o :
        List.of(
            "nsd_control",
            "nsd_control_key_file",
            "nsd_control_cert_file",
            "nsd_server_cert_file",
            "nsd_control_path",
            "nsd_transport",
            "zone_mode",
            "zone_file_path",
            "pattern",
            "query_destination",
            "timeout")) {
      assertTrue(options.contains(o), o);
    }
  }

  private Object create(Map<String, String> settings) {
    return new NsdBackendFactory()
        .create(new BackendSettings("backend:agent:nsd", settings), ContractContext.in(state));
  }

  @Test
  void theModeChoosesTheCapability() {
    Map<String, String> s = new HashMap<>(Map.of("nsd_control", "/run/nsd/nsd.ctl"));
    assertInstanceOf(ContentBackend.class, create(s));
    s.put("zone_mode", "secondary");
    ContractContext withMasters =
        ContractContext.in(state)
            .withMasters(
                List.of(
                    org.dnsagent.spi.MasterServer.of(
                        new java.net.InetSocketAddress("127.0.0.1", 5354))));
    assertInstanceOf(
        SecondaryBackend.class,
        new NsdBackendFactory().create(new BackendSettings("backend:agent:nsd", s), withMasters));
  }

  @Test
  void badSettingsNameTheOption() {
    ConfigException transport =
        assertThrows(
            ConfigException.class,
            () -> create(Map.of("nsd_control", "/x.ctl", "nsd_transport", "carrier-pigeon")));
    assertTrue(transport.getMessage().contains("nsd_transport"), transport.getMessage());
    ConfigException port =
        assertThrows(ConfigException.class, () -> create(Map.of("nsd_control", "127.0.0.1@x")));
    assertTrue(port.getMessage().contains("nsd_control"), port.getMessage());
    ConfigException pattern =
        assertThrows(
            ConfigException.class,
            () -> create(Map.of("nsd_control", "/x.ctl", "pattern", "a b\"")));
    assertTrue(pattern.getMessage().contains("pattern"), pattern.getMessage());
    ConfigException secondary =
        assertThrows(
            ConfigException.class,
            () -> create(Map.of("nsd_control", "/x.ctl", "zone_mode", "secondary")));
    assertTrue(secondary.getMessage().contains("masters"), secondary.getMessage());
  }

  @Test
  void missingTlsFilesSayWhatToRun() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                create(
                    Map.of(
                        "nsd_control",
                        "127.0.0.1@8952",
                        "nsd_control_cert_file",
                        state.resolve("none.pem").toString())));
    assertTrue(e.getMessage().contains("nsd-control-setup"), e.getMessage());
  }
}
