// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.dnsagent.core.admin.AdminClient;
import org.dnsagent.core.admin.Json;
import org.dnsagent.spi.ConfigException;

/** Runs one admin request for a subcommand: errors become a line on stderr and an exit code. */
final class AdminCall {
  /** Turns the result into text for people. */
  interface Printer {
    int print(Object result, PrintWriter out);
  }

  private AdminCall() {}

  static int run(
      AdminOptions options,
      Map<String, Object> request,
      PrintWriter out,
      PrintWriter err,
      Printer printer) {
    Logging.quiet();
    Object result;
    try {
      result = options.call(request);
    } catch (AdminClient.AdminException e) {
      err.println("dns-agent: " + e.getMessage());
      err.flush();
      return AdminOptions.REFUSED;
    } catch (IOException e) {
      err.println("dns-agent: " + e.getMessage());
      err.flush();
      return AdminOptions.UNREACHABLE;
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("dns-agent: " + e.getMessage());
      err.flush();
      return 2;
    } catch (Exception e) {
      err.println("dns-agent: " + org.dnsagent.core.config.Causes.describe(e));
      err.flush();
      return AdminOptions.UNREACHABLE;
    }
    int code = options.json ? 0 : printer.print(result, out);
    if (options.json) {
      out.println(Json.write(result));
    }
    out.flush();
    return code;
  }
}
