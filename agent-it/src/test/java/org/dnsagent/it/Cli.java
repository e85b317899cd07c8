// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.dnsagent.cli.Main;
import picocli.CommandLine;

/** Runs the {@code dns-agent} command line in this JVM and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }
}
