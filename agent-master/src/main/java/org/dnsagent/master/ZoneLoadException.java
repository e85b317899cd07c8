// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.master;

/** A zone file could not be loaded; carries the {@link LoadError} to report. */
final class ZoneLoadException extends Exception {
  private final LoadError error;

  ZoneLoadException(LoadError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  LoadError error() {
    return error;
  }
}
