// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * One DNS server (or one view of it) that the agent provisions zones on.
 *
 * <p>The agent calls a backend for one zone at a time: operations on the same zone are never
 * concurrent, operations on different zones may be. Implementations must therefore be safe for
 * concurrent use across zones. Every method that talks to the server must time out; a server that
 * cannot be reached is reported as {@link BackendException.Kind#UNAVAILABLE}, never as "zone
 * absent".
 *
 * <p>A backend knows nothing of the DNS wire protocol between controller and agent: it receives
 * validated zone names and zone content, and it returns what the server holds.
 *
 * <p>This interface holds what every backend does. A backend object also implements exactly one of
 * {@link ContentBackend} (the agent transfers zones and hands the backend their content; {@link
 * IncrementalUpdates} adds IXFR) or {@link SecondaryBackend} (the server transfers zones itself),
 * and may implement {@link ZoneInventory} (every served serial in one call). The agent refuses a
 * backend that is both or neither.
 */
public interface Backend extends AutoCloseable {

  /**
   * Checks that the server is reachable and configured so that zones can be added (for example
   * BIND's {@code allow-new-zones}). Called once before the agent starts listening.
   *
   * @throws BackendException if the server is unusable; the agent then refuses to start
   */
  default void start() throws BackendException {}

  /**
   * Returns the SOA record the server serves for the zone now, or empty if it does not serve it.
   *
   * @throws BackendException with {@link BackendException.Kind#UNAVAILABLE} if the server could not
   *     be asked
   */
  Optional<SOARecord> findSoa(Name zone) throws BackendException;

  /** Removes the zone and its files. An absent zone is not an error. */
  void deleteZone(Name zone) throws BackendException;

  /** A cheap liveness check, called periodically; never throws. */
  default BackendHealth checkHealth() {
    return BackendHealth.ok();
  }

  /** Releases connections and threads. */
  @Override
  default void close() {}

  /**
   * Checks that {@code backend} is exactly one of {@link ContentBackend} and {@link
   * SecondaryBackend}, as the agent requires.
   *
   * @throws IllegalArgumentException naming the class and what it lacks or has too much of
   */
  static void requireOneMode(Backend backend) {
    boolean content = backend instanceof ContentBackend;
    boolean secondary = backend instanceof SecondaryBackend;
    if (content == secondary) {
      throw new IllegalArgumentException(
          "backend class "
              + backend.getClass().getName()
              + (content
                  ? " implements both ContentBackend and SecondaryBackend"
                  : " implements neither ContentBackend nor SecondaryBackend")
              + ": it must implement exactly one (its factory picks by zone_mode)");
    }
  }
}
