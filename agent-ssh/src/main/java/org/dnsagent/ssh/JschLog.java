// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSch's messages in the agent's log: its chatter (connecting, key exchange, authentication steps,
 * which JSch calls INFO) at debug level, its warnings and errors as such.
 */
final class JschLog implements com.jcraft.jsch.Logger {
  private static final Logger log = LoggerFactory.getLogger("org.dnsagent.ssh.jsch");

  @Override
  public boolean isEnabled(int level) {
    return switch (level) {
      case WARN -> log.isWarnEnabled();
      case ERROR, FATAL -> log.isErrorEnabled();
      default -> log.isDebugEnabled();
    };
  }

  @Override
  public void log(int level, String message) {
    switch (level) {
      case WARN -> log.warn("{}", message);
      case ERROR, FATAL -> log.error("{}", message);
      default -> log.debug("{}", message);
    }
  }
}
