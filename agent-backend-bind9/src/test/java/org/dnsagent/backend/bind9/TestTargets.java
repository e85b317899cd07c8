// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.testing.servers.NamedServer;

/** Builds bind9 backends for a throwaway named, the way the agent would from its config. */
final class TestTargets {
  private TestTargets() {}

  /** Settings pointing at {@code named}, with short timeouts. */
  static Map<String, String> settings(NamedServer named, String transport) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("rndc_host", "127.0.0.1");
    values.put("rndc_port", Integer.toString(named.rndcPort()));
    values.put("rndc_key_file", named.keyFile().toString());
    values.put("rndc_timeout", "3s");
    values.put("rndc_transport", transport);
    values.put("query_destination", "127.0.0.1:" + named.dnsPort());
    values.put("query_timeout", "1s");
    return values;
  }

  static Bind9Config config(Map<String, String> values, BackendContext context) {
    return Bind9Config.from(
        new BackendSettings("backend:agent:bind9", values, Bind9Config.SENSITIVE), context);
  }

  /** A primary-mode backend built by the factory, as the agent builds it. */
  static Bind9PrimaryBackend primary(Map<String, String> values, BackendContext context) {
    return (Bind9PrimaryBackend) backend(values, context);
  }

  /** A backend built by the factory, as the agent builds it. */
  static Bind9Backend backend(Map<String, String> values, BackendContext context) {
    return (Bind9Backend)
        new Bind9BackendFactory()
            .create(
                new BackendSettings("backend:agent:bind9", values, Bind9Config.SENSITIVE), context);
  }

  /** A transport that remembers every command it was asked to run. */
  static final class RecordingTransport implements RndcTransport {
    private final RndcTransport delegate;
    private final List<List<String>> commands = new ArrayList<>();

    RecordingTransport(RndcTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized RndcResponse execute(List<String> command) throws BackendException {
      commands.add(command);
      return delegate.execute(command);
    }

    synchronized List<List<String>> commands() {
      return List.copyOf(commands);
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
