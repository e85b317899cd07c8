# SPDX-License-Identifier: Apache-2.0
"""Lets dnspython >= 2.3 parse opcode 14, as Designate 16 does (designate/backend/private_codes.py,
OpcodeWith14, installed by AgentPoolBackend.__init__). Designate 15, which Debian 12 packages,
predates the fix: without it neither its controller nor its agent can read a CREATE or DELETE."""

import dns.enum
import dns.opcode


class OpcodeWith14(dns.enum.IntEnum):
    QUERY = 0
    IQUERY = 1
    STATUS = 2
    NOTIFY = 4
    UPDATE = 5
    # Unassigned, but used by Designate for command/control in the agents
    UNASSIGNED14 = 14

    @classmethod
    def _maximum(cls):
        return 15

    @classmethod
    def _unknown_exception_class(cls):
        return dns.opcode.UnknownOpcode


def widen():
    dns.opcode.Opcode = OpcodeWith14
