// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/**
 * A backend that is handed each zone's content: the agent transfers the zone from the masters and
 * the backend writes it where its server loads it from (a file, a database, an API).
 *
 * <p>A backend is either a {@code ContentBackend} or a {@link SecondaryBackend}, never both: the
 * factory returns the one its {@code zone_mode} asks for.
 */
public interface ContentBackend extends Backend {

  /**
   * Adds a zone with the given content. If the zone exists already with a compatible definition,
   * this behaves as {@link #updateZone}; a conflicting definition (for example a zone the operator
   * configured by hand) is a {@link BackendException.Kind#REJECTED} error, never an overwrite.
   */
  void createZone(ZoneContent zone) throws BackendException;

  /** Replaces the content of a zone the backend serves; returns once the new serial is served. */
  void updateZone(ZoneContent zone) throws BackendException;
}
