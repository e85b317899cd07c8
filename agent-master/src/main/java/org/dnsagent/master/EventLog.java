// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

import org.slf4j.Logger;

/**
 * Logs an event that a {@link MasterEvents} listener also receives: at its level when nobody
 * listens, at debug level when a listener reports it (the {@code master} command prints every
 * event; logging it as well would say everything twice).
 */
final class EventLog {
  private EventLog() {}

  static void info(Logger log, MasterEvents events, String format, Object... args) {
    if (events == MasterEvents.NONE) {
      log.info(format, args);
    } else {
      log.debug(format, args);
    }
  }

  static void warn(Logger log, MasterEvents events, String format, Object... args) {
    if (events == MasterEvents.NONE) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }
}
