// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.msdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResultLinesTest {

  @Test
  void readsTheLinesConvertToJsonWrites() {
    List<ResultLines.Line> lines =
        ResultLines.parse(
            "{\"zone\":\"a.example\",\"ok\":true,\"error\":null,\"serial\":4294967295}\r\n"
                + "\r\n"
                + "{\"zone\":\"b.example\",\"ok\":false,\"error\":\"failed: \\\"x\\\"\\u0027\","
                + "\"serial\":null}\r\n");
    assertEquals(
        List.of(
            new ResultLines.Line("a.example", true, Optional.empty(), OptionalLong.of(4294967295L)),
            new ResultLines.Line(
                "b.example", false, Optional.of("failed: \"x\"'"), OptionalLong.empty())),
        lines);
  }

  @Test
  void refusesAnythingElse() {
    for (String bad :
        List.of(
            "WARNING: something",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":null,\"more\":1}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":null,\"zone\":\"b\"}",
            "{\"zone\":\"a\",\"ok\":\"yes\",\"error\":null,\"serial\":null}",
            "{\"zone\":1,\"ok\":true,\"error\":null,\"serial\":null}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":-1}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":4294967296}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":1.5}",
            "{\"zone\":\"a\",\"ok\":true,\"error\":null,\"serial\":null} trailing",
            "{\"zone\":\"a\",\"ok\":true,\"error\":5,\"serial\":null}",
            "{\"zone\":\"a")) {
      assertThrows(IllegalArgumentException.class, () -> ResultLines.parse(bad), bad);
    }
  }
}
