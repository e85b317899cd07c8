// SPDX-License-Identifier: Apache-2.0
package org.dnsagent.backend.bind9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dnsagent.spi.BackendException;
import org.dnsagent.spi.BackendException.Kind;
import org.dnsagent.spi.CommandResult;
import org.junit.jupiter.api.Test;

/** rndc's output, as captured from rndc 9.18 with {@code -r}, read back into named's answer. */
class ExecRndcTransportTest {

  @Test
  void successKeepsTheTextAndTheResultCode() throws Exception {
    RndcResponse r =
        ExecRndcTransport.parse(
            "reload", new CommandResult(0, "zone reload up-to-date\nISC_R_SUCCESS 0\n", ""));
    assertEquals(new RndcResponse(0, "zone reload up-to-date", ""), r);
  }

  @Test
  void namedsErrorsKeepTheirCodeNameAndText() throws Exception {
    RndcResponse exists =
        ExecRndcTransport.parse(
            "addzone",
            new CommandResult(1, "ISC_R_EXISTS 18\n", "rndc: 'addzone' failed: already exists\n"));
    assertTrue(exists.exists());
    assertEquals("already exists", exists.err());

    RndcResponse notFound =
        ExecRndcTransport.parse(
            "showzone",
            new CommandResult(
                1,
                "ISC_R_NOTFOUND 23\n",
                "rndc: 'showzone' failed: not found\nno matching zone 'x' in view '_default'\n"));
    assertTrue(notFound.notFound());
    assertEquals("no matching zone 'x' in view '_default'", notFound.text());
  }

  @Test
  void connectionRefusedIsUnavailable() {
    BackendException e =
        assertThrows(
            BackendException.class,
            () ->
                ExecRndcTransport.parse(
                    "status",
                    new CommandResult(
                        1, "", "rndc: connect failed: 127.0.0.1#953: connection refused\n")));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.getMessage().contains("connection refused"));
  }

  @Test
  void closedConnectionMeansAWrongKeyOrAddress() {
    BackendException e =
        assertThrows(
            BackendException.class,
            () ->
                ExecRndcTransport.parse(
                    "status",
                    new CommandResult(
                        1, "", "rndc: connection to remote host closed.\n* This may indicate\n")));
    assertEquals(Kind.MISCONFIGURED, e.kind());
  }
}
