// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli.windows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCM as a table of services: install records the spec, start and stop move the state along a
 * script of statuses the test sets (what queries return next), refusals by Win32 error.
 */
public final class FakeServiceControlManager implements ServiceControlManager {
  public final Map<String, ServiceSpec> installed = new HashMap<>();
  public final Map<String, ServiceStatus> status = new HashMap<>();
  public final List<String> calls = new ArrayList<>();

  /** Statuses the next queries return, one each, before {@link #status} again. */
  public final Deque<ServiceStatus> nextQueries = new ArrayDeque<>();

  /** A Win32 error the next call (any) fails with, if set. */
  public Integer refuseWith;

  private void maybeRefuse(String call) {
    calls.add(call);
    if (refuseWith != null) {
      int e = refuseWith;
      refuseWith = null;
      throw new ServiceException(e, call + ": refused (" + e + ")");
    }
  }

  @Override
  public void install(ServiceSpec spec) {
    maybeRefuse("install " + spec.name());
    if (installed.containsKey(spec.name())) {
      throw new ServiceException(ServiceException.ERROR_SERVICE_EXISTS, "CreateService: exists");
    }
    installed.put(spec.name(), spec);
    status.put(spec.name(), ServiceStatus.of(ServiceState.STOPPED, 0));
  }

  @Override
  public void uninstall(String name, String eventSource) {
    maybeRefuse("uninstall " + name + " " + eventSource);
    require(name);
    installed.remove(name);
    status.remove(name);
  }

  @Override
  public void start(String name) {
    maybeRefuse("start " + name);
    require(name);
    if (status.get(name).state() != ServiceState.STOPPED) {
      throw new ServiceException(ServiceException.ERROR_SERVICE_ALREADY_RUNNING, "running");
    }
    status.put(name, ServiceStatus.of(ServiceState.RUNNING, ServiceStatus.ACCEPT_STOP));
  }

  @Override
  public void stop(String name) {
    maybeRefuse("stop " + name);
    require(name);
    if (status.get(name).state() == ServiceState.STOPPED) {
      throw new ServiceException(ServiceException.ERROR_SERVICE_NOT_ACTIVE, "not active");
    }
    status.put(name, ServiceStatus.of(ServiceState.STOPPED, 0));
  }

  @Override
  public Optional<ServiceStatus> query(String name) {
    calls.add("query " + name);
    if (!nextQueries.isEmpty()) {
      return Optional.of(nextQueries.poll());
    }
    return Optional.ofNullable(status.get(name));
  }

  private void require(String name) {
    if (!installed.containsKey(name)) {
      throw new ServiceException(ServiceException.ERROR_SERVICE_DOES_NOT_EXIST, name + ": absent");
    }
  }
}
