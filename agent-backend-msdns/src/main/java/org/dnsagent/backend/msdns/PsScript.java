// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * One script to run: fixed text for {@link #operation()} plus a data section naming {@link
 * #zones()} (in the order the script reports them).
 */
public record PsScript(PowerShellScripts.Operation operation, String text, List<Name> zones) {
  public PsScript {
    requireNonNull(operation, "operation is null");
    requireNonNull(text, "text is null");
    zones = List.copyOf(zones);
  }
}
