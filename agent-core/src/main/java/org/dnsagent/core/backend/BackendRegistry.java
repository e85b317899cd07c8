// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.backend;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.ConfigException;

/** The backend factories found on the class path through {@link ServiceLoader}. */
public final class BackendRegistry {
  private final List<BackendFactory> factories;

  public BackendRegistry(List<BackendFactory> factories) {
    this.factories = List.copyOf(factories);
  }

  /**
   * Every factory registered in {@code META-INF/services} on the given class loader, each with the
   * core's {@code ssh_*} options added to its own (see {@link RemoteCapableFactory}).
   */
  public static BackendRegistry discover(ClassLoader loader) {
    return new BackendRegistry(
        ServiceLoader.load(BackendFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .<BackendFactory>map(RemoteCapableFactory::new)
            .toList());
  }

  public static BackendRegistry discover() {
    return discover(BackendRegistry.class.getClassLoader());
  }

  public Optional<BackendFactory> find(String name) {
    return factories.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The factory for {@code backend_driver}; an unknown name stops start-up listing the ones that
   * exist.
   */
  public BackendFactory require(String section, String name) {
    return find(name)
        .orElseThrow(
            () ->
                new ConfigException(
                    section, "backend_driver", name, "unknown backend; available: " + names()));
  }

  public String names() {
    return factories.stream().map(BackendFactory::name).sorted().collect(Collectors.joining(", "));
  }

  public List<BackendFactory> all() {
    return factories;
  }
}
