// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnsagent.core.backend.BackendRegistry;
import org.dnsagent.core.config.AgentConfig;
import org.dnsagent.core.config.TargetConfig;
import org.dnsagent.spi.Backend;
import org.dnsagent.spi.BackendContext;
import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendFactory;
import org.dnsagent.spi.CommandRunner;
import org.dnsagent.spi.MasterServer;
import org.dnsagent.spi.ProcessCommandRunner;
import org.dnsagent.spi.TsigKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and starts the backend of every configured target. */
final class TargetStarter {
  private static final Logger log = LoggerFactory.getLogger(TargetStarter.class);

  private TargetStarter() {}

  /**
   * The targets, and why some backends did not start (by target name): their servers could not be
   * reached; the agent starts all the same and starts those backends when their servers answer.
   */
  record Started(List<Target> targets, Map<String, String> notStarted) {}

  /**
   * Builds and starts every target's backend; each one built is pushed on {@code opened}. A backend
   * whose server is unreachable ({@code UNAVAILABLE}) does not stop the agent; any other start
   * failure (a misconfiguration) does.
   */
  static Started start(AgentConfig config, BackendRegistry registry, Deque<AutoCloseable> opened)
      throws IOException, AgentStartException {
    List<Target> targets = new ArrayList<>();
    Map<String, String> notStarted = new LinkedHashMap<>();
    CommandRunner commands = new ProcessCommandRunner(16);
    for (TargetConfig tc : config.targets()) {
      BackendFactory factory = registry.require("service:agent", tc.driver());
      Path dir =
          tc.name().equals("default")
              ? config.statePath()
              : config.statePath().resolve("target-" + tc.name());
      Files.createDirectories(dir);
      Backend backend =
          factory.create(
              tc.settings(),
              context(tc.name(), dir, config.mastersOf(tc), commands, config.tsigKeys()));
      opened.push(backend);
      try {
        Backend.requireOneMode(backend);
      } catch (IllegalArgumentException e) {
        throw new AgentStartException(
            "backend " + tc.driver() + " of target " + tc.name() + ": " + e.getMessage(), e);
      }
      try {
        backend.start();
      } catch (BackendException e) {
        if (e.kind() == BackendException.Kind.UNAVAILABLE) {
          log.warn(
              "target {}: backend {} cannot start now ({}); starting anyway, operations wait"
                  + " and retry until it answers",
              tc.name(),
              tc.driver(),
              e.getMessage());
          notStarted.put(tc.name(), e.getMessage());
          targets.add(new Target(tc, backend));
          continue;
        }
        throw new AgentStartException(
            "backend "
                + tc.driver()
                + " of target "
                + tc.name()
                + " cannot start: "
                + e.getMessage(),
            e);
      }
      targets.add(new Target(tc, backend));
      log.info(
          "target {}: backend {} started; masters {}",
          tc.name(),
          tc.driver(),
          config.mastersOf(tc));
    }
    return new Started(targets, notStarted);
  }

  private static BackendContext context(
      String name,
      Path dir,
      List<MasterServer> masters,
      CommandRunner commands,
      Map<String, TsigKeySpec> keys) {
    return new BackendContext() {
      @Override
      public String targetName() {
        return name;
      }

      @Override
      public Path stateDirectory() {
        return dir;
      }

      @Override
      public List<MasterServer> masters() {
        return masters;
      }

      @Override
      public CommandRunner commandRunner() {
        return commands;
      }

      @Override
      public Map<String, TsigKeySpec> tsigKeys() {
        return keys;
      }
    };
  }
}
