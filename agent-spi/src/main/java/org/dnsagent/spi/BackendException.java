// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.spi;

/** A backend operation failed; {@link #kind()} tells the agent whether retrying can help. */
public class BackendException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as retrying is concerned. */
  public enum Kind {
    /** The server could not be reached or timed out: retry later. */
    UNAVAILABLE,
    /** The server refused the operation (conflict, bad data): retrying will not help. */
    REJECTED,
    /** The backend is configured wrongly: an operator must act. */
    MISCONFIGURED,
    /** A bug or an unexpected state in the backend itself. */
    INTERNAL
  }

  private final Kind kind;

  public BackendException(Kind kind, String message) {
    super(message);
    this.kind = java.util.Objects.requireNonNull(kind, "kind is null");
  }

  public BackendException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = java.util.Objects.requireNonNull(kind, "kind is null");
  }

  public Kind kind() {
    return kind;
  }

  /** True if the same operation may succeed later without anyone changing anything. */
  public boolean isRetryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
