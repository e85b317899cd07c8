// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static java.util.Objects.requireNonNull;

/**
 * named's answer to one control command: the ISC result code, the command's text output and the
 * error name ({@code err}, for example {@code already exists}).
 */
public record RndcResponse(int result, String text, String err) {
  /** ISC_R_SUCCESS. */
  public static final int SUCCESS = 0;

  /** ISC_R_NOPERM, for example when {@code allow-new-zones} is off. */
  public static final int NO_PERMISSION = 6;

  /** ISC_R_EXISTS. */
  public static final int EXISTS = 18;

  /** ISC_R_NOTFOUND. */
  public static final int NOT_FOUND = 23;

  /** ISC_R_FAILURE, used when the exact code is unknown. */
  public static final int FAILURE = 25;

  public RndcResponse {
    requireNonNull(text, "text is null");
    requireNonNull(err, "err is null");
  }

  public boolean ok() {
    return result == SUCCESS;
  }

  public boolean exists() {
    return result == EXISTS;
  }

  public boolean notFound() {
    return result == NOT_FOUND;
  }

  /** The error and the text on one line, for messages. */
  public String describe() {
    String detail = text.strip().replace('\n', ' ');
    String head = err.isEmpty() ? "result " + result : err;
    return detail.isEmpty() ? head : head + ": " + detail;
  }
}
