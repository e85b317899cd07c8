// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Raises the log level for {@code debug = true} and {@code -v}. */
final class Logging {
  private Logging() {}

  static void verbosity(int level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (level >= 2) {
      root.setLevel(Level.TRACE);
    } else if (level == 1) {
      root.setLevel(Level.DEBUG);
    }
  }

  static void quiet() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
  }
}
