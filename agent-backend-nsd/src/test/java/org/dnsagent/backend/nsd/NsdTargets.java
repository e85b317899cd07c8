// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.nsd;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.servers.NsdServer;

/** Backend settings pointing at a throwaway nsd. */
final class NsdTargets {
  private NsdTargets() {}

  /** The pattern the primary-mode tests configure. */
  static final String PATTERN = "dns-agent";

  static Map<String, String> settings(NsdServer nsd, String transport, Path state) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("nsd_control", nsd.controlAddress());
    s.put("nsd_transport", transport);
    s.put("nsd_conf_file", nsd.configFile().toString());
    s.put("zone_file_path", state.resolve("zones").toString());
    s.put("pattern", PATTERN);
    s.put("pattern_file", state.resolve("patterns.conf").toString());
    s.put("query_destination", "127.0.0.1:" + nsd.dnsPort());
    s.put("timeout", "20");
    if (nsd.controlKind() == NsdServer.Control.TLS) {
      s.put("nsd_control_key_file", nsd.controlKeyFile().toString());
      s.put("nsd_control_cert_file", nsd.controlCertFile().toString());
      s.put("nsd_server_cert_file", nsd.serverCertFile().toString());
    }
    return s;
  }

  static Backend backend(Map<String, String> settings, BackendContext context) {
    return new NsdBackendFactory()
        .create(new BackendSettings("backend:agent:nsd", settings), context);
  }

  /** nsd.conf text for primary mode: the agent's pattern, and a zone configured by hand. */
  static String primaryConfig(Path state) {
    return "pattern:\n  name: \""
        + PATTERN
        + "\"\n  zonefile: \""
        + state.resolve("zones")
        + "/%s.zone\"\n"
        + "zone:\n  name: \"conf.example\"\n  zonefile: \"${DIR}/conf.zone\"\n";
  }
}
