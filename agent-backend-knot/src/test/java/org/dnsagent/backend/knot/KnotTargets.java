// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.knot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.RequiredBinaries;
import org.dnsagent.testing.servers.KnotServer;

/** Builds knot backends for a throwaway knotd, the way the agent would from its config. */
final class KnotTargets {
  private KnotTargets() {}

  /** Settings pointing at {@code knot}, with short timeouts. */
  static Map<String, String> settings(KnotServer knot, String transport, String mode) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("knot_socket", knot.socket().toString());
    values.put("knotc_path", RequiredBinaries.require("knotc", "knot").toString());
    values.put("knot_transport", transport);
    values.put("zone_mode", mode);
    values.put("query_destination", "127.0.0.1:" + knot.dnsPort());
    values.put("timeout", "10s");
    return values;
  }

  static KnotConfig config(Map<String, String> values, BackendContext context) {
    return KnotConfig.from(new BackendSettings("backend:agent:knot", values), context);
  }

  /** A backend built by the factory, as the agent builds it. */
  static Backend backend(Map<String, String> values, BackendContext context) {
    return new KnotBackendFactory()
        .create(new BackendSettings("backend:agent:knot", values), context);
  }

  /** A control client that remembers every request. */
  static class RecordingControl implements KnotControl {
    private final KnotControl delegate;
    private final List<CtlRequest> requests = new ArrayList<>();

    RecordingControl(KnotControl delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized CtlReply call(CtlRequest request) throws BackendException {
      requests.add(request);
      return delegate.call(request);
    }

    synchronized List<CtlRequest> requests() {
      return List.copyOf(requests);
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
