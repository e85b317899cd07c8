# SPDX-License-Identifier: Apache-2.0
"""Sends an SOA query signed with dnspython an hour in the past and checks the BADTIME reply the
way a standard client would compute its MAC (RFC 8945: the request MAC, the reply, and the TSIG
variables including Other Data, the server's time). Prints one JSON line.

  tsig_badtime.py HOST PORT ZONE KEYNAME ALGORITHM SECRET udp|tcp"""

import json
import socket
import struct
import sys
import time

import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring

host, port, zone, keyname, algorithm, secret, transport = sys.argv[1:8]
port = int(port)
keyring = dns.tsigkeyring.from_text({keyname: (algorithm, secret)})
query = dns.message.make_query(zone, dns.rdatatype.SOA)
query.use_tsig(keyring, keyname=keyname, algorithm=algorithm)

real_time = time.time
signed_at = int(real_time()) - 3600
time.time = lambda: signed_at
try:
    wire = query.to_wire()
finally:
    time.time = real_time

if transport == "tcp":
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(struct.pack("!H", len(wire)) + wire)
        length = struct.unpack("!H", s.recv(2, socket.MSG_WAITALL))[0]
        reply = s.recv(length, socket.MSG_WAITALL)
else:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        s.sendto(wire, (host, port))
        reply = s.recv(65535)

result = {"verified": False}
original_validate = dns.tsig.validate


def validate(wire, key, owner, rdata, now, request_mac, tsig_start, ctx=None, multi=False):
    """dnspython raises PeerBadTime before it checks the MAC: check it first, with its own code."""
    result["error"] = dns.rcode.to_text(rdata.error)
    result["time_signed"] = rdata.time_signed
    result["other"] = int.from_bytes(rdata.other, "big") if rdata.other else None
    (adcount,) = struct.unpack("!H", wire[10:12])
    new_wire = wire[0:10] + struct.pack("!H", adcount - 1) + wire[12:tsig_start]
    try:
        dns.tsig._digest(new_wire, key, rdata, None, request_mac, None, False).verify(rdata.mac)
        result["verified"] = True
    except Exception as e:  # noqa: BLE001
        result["why"] = type(e).__name__
    return original_validate(wire, key, owner, rdata, now, request_mac, tsig_start, ctx, multi)


dns.tsig.validate = validate
try:
    dns.message.from_wire(reply, keyring=keyring, request_mac=query.mac)
    result["raised"] = None
except Exception as e:  # noqa: BLE001
    result["raised"] = type(e).__name__
result["request_time"] = signed_at
print(json.dumps(result), flush=True)
