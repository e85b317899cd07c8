// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", 42L);
    m.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 ü");
    m.put("none", null);
    m.put("ok", true);
    m.put("ratio", 0.25);
    m.put("list", List.of(1L, "two", List.of(), Map.of()));
    String text = Json.write(m);
    assertEquals(m, Json.parse(text));
    assertEquals(text, Json.write(Json.parse(text)));
  }

  @Test
  void badInputIsRefusedNotCrashed() {
    for (String bad : List.of("", "{", "{\"a\"}", "[1,]", "\"open", "tru", "{} x", "{\"a\":01x}")) {
      assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }
    char[] deep = new char[10_000];
    Arrays.fill(deep, '[');
    assertThrows(IllegalArgumentException.class, () -> Json.parse(new String(deep)));
    assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
  }
}
