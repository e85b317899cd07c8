// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.contract.ContractContext;
import org.dnsagent.testing.servers.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bind9BackendFactoryTest {

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    List<BackendFactory> factories =
        ServiceLoader.load(BackendFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.name().equals("bind9"))
            .toList();
    assertEquals(1, factories.size());
    assertInstanceOf(Bind9BackendFactory.class, factories.get(0));
  }

  @Test
  void declaresDesignatesOptionsAndItsSecret() {
    BackendFactory factory = new Bind9BackendFactory();
    for (String option :
        List.of(
            "rndc_host",
            "rndc_port",
            "rndc_config_file",
            "rndc_key_file",
            "rndc_timeout",
            "zone_file_path",
            "query_destination")) {
      assertTrue(factory.options().stream().anyMatch(o -> o.name().equals(option)), option);
    }
    assertEquals(
        List.of("query_tsig_key"),
        factory.options().stream()
            .filter(org.dnsagent.spi.OptionSpec::secret)
            .map(org.dnsagent.spi.OptionSpec::name)
            .toList());
  }

  @Test
  void createsWithoutContactingTheServer(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("rndc.key");
    Files.writeString(key, "key k { algorithm hmac-sha256; secret \"c2VjcmV0LXNlY3JldA==\"; };\n");
    int closedPort = FreePorts.tcp(); // nothing listens there
    for (String transport : List.of("native", "exec")) {
      Map<String, String> values =
          Map.of(
              "rndc_key_file", key.toString(),
              "rndc_port", Integer.toString(closedPort),
              "rndc_transport", transport);
      try (Backend backend =
          new Bind9BackendFactory()
              .create(
                  new BackendSettings("backend:agent:bind9", values), ContractContext.in(dir))) {
        assertInstanceOf(Bind9PrimaryBackend.class, backend, "zone_mode primary by default");
      }
    }
  }
}
