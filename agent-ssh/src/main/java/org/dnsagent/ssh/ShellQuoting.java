// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.ssh;

import java.util.List;

/**
 * Turns an argument list into the one command line an SSH server accepts.
 *
 * <p>SSH has no way to send an argument vector: the server hands the command line to the remote
 * user's login shell ({@code $SHELL -c LINE}). Each argument is therefore put in single quotes,
 * with every single quote inside it written as {@code '\''} (close the quotes, an escaped quote,
 * open them again). Why that is safe: between single quotes a POSIX shell gives no character any
 * meaning (not {@code $}, {@code `}, {@code \}, {@code ;}, {@code *}, a blank or a newline) except
 * the single quote that ends them, and that one never appears unescaped. So every argument reaches
 * the program as exactly one word, byte for byte, whatever it holds. NUL cannot be passed in any
 * argument vector, so it is refused. The line starts with {@code exec}, so the program replaces the
 * shell and a signal sent to the channel reaches the program itself.
 *
 * <p>This holds for POSIX shells (sh, dash, bash, ksh, zsh): the remote user's login shell must be
 * one of them, not csh or fish.
 */
public final class ShellQuoting {
  private ShellQuoting() {}

  /** One argument as a single-quoted shell word. */
  public static String quote(String argument) {
    if (argument.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an argument cannot hold a NUL byte");
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  /** {@code exec 'arg0' 'arg1' ...}: the program and its arguments, each one word. */
  public static String commandLine(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (command.get(0).startsWith("-")) {
      // exec would take it as its own option; programs are named by the operator, never by a zone
      throw new IllegalArgumentException("a program name cannot start with '-'");
    }
    StringBuilder line = new StringBuilder("exec");
    for (String argument : command) {
      line.append(' ').append(quote(argument));
    }
    return line.toString();
  }
}
