// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.xfr;

/** Told about every zone transfer (metrics). */
@FunctionalInterface
public interface TransferObserver {
  TransferObserver NONE = (type, ok, bytes) -> {};

  /**
   * One transfer from one master ended.
   *
   * @param type {@code axfr} or {@code ixfr}: what the master answered with, or what was asked for
   *     if it failed
   * @param bytes DNS message bytes received
   */
  void transfer(String type, boolean ok, long bytes);
}
