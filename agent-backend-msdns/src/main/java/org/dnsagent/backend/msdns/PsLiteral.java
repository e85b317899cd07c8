// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

/** Single-quoted PowerShell string literals: the only way data enters a script. */
public final class PsLiteral {
  private PsLiteral() {}

  /**
   * {@code value} as a single-quoted literal. PowerShell takes the typographic quotes U+2018 to
   * U+201B for {@code '} too, so each of them is doubled like {@code '} itself; control characters
   * are refused, as no value the backend sends has any.
   *
   * @throws IllegalArgumentException for a control character
   */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            String.format("control character 0x%02x in a script value", (int) c));
      }
      if (c == '\'' || (c >= '\u2018' && c <= '\u201b')) {
        sb.append(c);
      }
      sb.append(c);
    }
    return sb.append('\'').toString();
  }

  /** {@code @('a', 'b')}: an array literal of quoted values. */
  public static String array(Iterable<String> values) {
    StringBuilder sb = new StringBuilder("@(");
    boolean first = true;
    for (String v : values) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(quote(v));
    }
    return sb.append(')').toString();
  }
}
