// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.backend;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.BackendSettings;
import org.dnsagent.spi.OptionSpec;
import org.dnsagent.ssh.SshSettings;

/**
 * A backend factory with the core's {@code ssh_*} options ({@link SshSettings#OPTIONS}) added to
 * its own: every backend's section may name a remote host, and the agent then gives the backend
 * that host through {@link BackendContext#host()}. The backend itself never reads those options.
 */
final class RemoteCapableFactory implements BackendFactory {
  private final BackendFactory delegate;

  RemoteCapableFactory(BackendFactory delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  /** The factory's own options followed by the SSH ones (a backend's own declaration wins). */
  @Override
  public List<OptionSpec> options() {
    List<OptionSpec> all = new ArrayList<>(delegate.options());
    Set<String> names = new LinkedHashSet<>();
    all.forEach(spec -> names.add(spec.name()));
    for (OptionSpec spec : SshSettings.OPTIONS) {
      if (names.add(spec.name())) {
        all.add(spec);
      }
    }
    return all;
  }

  @Override
  public Set<String> knownOptions() {
    Set<String> names = new LinkedHashSet<>(delegate.knownOptions());
    SshSettings.OPTIONS.forEach(spec -> names.add(spec.name()));
    return names;
  }

  @Override
  public Set<String> sensitiveOptions() {
    Set<String> names = new LinkedHashSet<>(delegate.sensitiveOptions());
    SshSettings.OPTIONS.stream().filter(OptionSpec::secret).forEach(s -> names.add(s.name()));
    return names;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Backend create(BackendSettings settings, BackendContext context) {
    return delegate.create(settings, context);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
