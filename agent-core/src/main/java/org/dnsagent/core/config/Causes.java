// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.config;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The real cause of an exception in operator words: no exception class names, no stack. */
public final class Causes {
  private Causes() {}

  /** For example "permission denied: /var/lib/dns-agent/journal/lock". */
  public static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
      t = t.getCause();
    }
    String file = t instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
    if (t instanceof NoSuchFileException) {
      return "no such file or directory: " + file;
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied: " + file;
    }
    if (t instanceof FileAlreadyExistsException) {
      return "already exists: " + file;
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory: " + file;
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + file;
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return words(t.getClass().getSimpleName());
    }
    return message;
  }

  /** The cause without the file name, where the file is named already: "permission denied". */
  public static String reason(Throwable e) {
    String text = describe(e);
    String file = e instanceof java.nio.file.FileSystemException f ? f.getFile() : null;
    return file != null && text.endsWith(": " + file)
        ? text.substring(0, text.length() - file.length() - 2)
        : text;
  }

  /** {@code UnknownHostException} becomes "unknown host". */
  private static String words(String className) {
    String base = className.replaceAll("(Exception|Error)$", "");
    return base.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
