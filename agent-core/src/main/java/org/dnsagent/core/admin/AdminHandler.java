// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import java.util.Map;

/** Answers one admin request (a JSON object with a {@code command}) with a JSON-able result. */
@FunctionalInterface
public interface AdminHandler {

  /**
   * @return the result, put under {@code "result"} of the reply
   * @throws IllegalArgumentException for a request that cannot be carried out; its message becomes
   *     the reply's {@code "error"}
   */
  Object handle(Map<String, Object> request);
}
