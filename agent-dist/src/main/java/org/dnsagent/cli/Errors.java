// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.PrintWriter;
import org.dnsagent.core.config.ConfigErrors;
import org.dnsagent.spi.ConfigException;

/**
 * The one way the command line reports a start-up or configuration error: one line per problem,
 * {@code dns-agent: configuration error: FILE: [section] option = value: what to fix}, and the
 * stack trace only with {@code --debug}.
 */
final class Errors {
  private Errors() {}

  /** Exit status of every configuration or start-up error. */
  static final int CONFIG = 2;

  static void print(PrintWriter err, ConfigException e) {
    if (e instanceof ConfigErrors errors) {
      errors.lines().forEach(l -> err.println("dns-agent: configuration error: " + l));
    } else {
      err.println("dns-agent: configuration error: " + e.getMessage());
    }
    trace(err, e);
    err.flush();
  }

  private static void trace(PrintWriter err, Throwable e) {
    if (Main.debug()) {
      e.printStackTrace(err);
    }
  }
}
