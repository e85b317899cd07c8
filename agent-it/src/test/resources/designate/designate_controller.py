# SPDX-License-Identifier: Apache-2.0
"""Drives an agent with Designate's own controller code, one JSON command per stdin line, one JSON
result per stdout line (logs go to stderr):

  {"op": "create" | "delete", "zone": "example.org.", "host": "127.0.0.1", "port": 5358}
      designate.backend.agent.AgentPoolBackend.create_zone / delete_zone, as the worker calls them
  {"op": "notify", ...}
      designate.dnsutils.notify, as the worker's SendNotify task sends it
  {"op": "create" | "delete" | "notify", ..., "tsig": {"name": ..., "algorithm": ..., "secret": ...}}
      the message AgentPoolBackend builds (or dnsutils' NOTIFY), signed with dnspython's TSIG and
      sent with dnsutils.send_dns_message; dnspython verifies the signed reply

Only what AgentPoolBackend and dnsutils read is configured: [service:worker] poll_timeout and
all_tcp (and [service:mdns] all_tcp, which dnsutils consults first)."""

import json
import sys

import widen_opcode

widen_opcode.widen()

import dns.exception  # noqa: E402
import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.opcode  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdatatype  # noqa: E402
import dns.tsig  # noqa: E402
import dns.tsigkeyring  # noqa: E402
import dns.version  # noqa: E402

import designate.conf  # noqa: E402
from designate import dnsutils  # noqa: E402
from designate import exceptions  # noqa: E402
from designate import objects  # noqa: E402
from designate import policy  # noqa: E402
from designate import version  # noqa: E402
from designate.backend import agent  # noqa: E402
from designate.backend import private_codes  # noqa: E402

CONF = designate.conf.CONF


def configure(timeout, tcp):
    CONF([], project='designate', default_config_files=[])
    policy.init()  # AgentPoolBackend's base class takes an admin context
    CONF.set_override('poll_timeout', timeout, 'service:worker')
    CONF.set_override('all_tcp', tcp, 'service:worker')
    CONF.set_override('all_tcp', tcp, 'service:mdns')


def backend_for(host, port):
    options = objects.PoolTargetOptionList(objects=[
        objects.PoolTargetOption(key='host', value=host),
        objects.PoolTargetOption(key='port', value=str(port)),
    ])
    target = objects.PoolTarget(
        type='agent', options=options, masters=objects.PoolTargetMasterList())
    return agent.AgentPoolBackend(target)


def describe(response):
    return {
        'rcode': dns.rcode.to_text(response.rcode()),
        'aa': bool(response.flags & dns.flags.AA),
        'opcode': int(response.opcode()),
        'signed': response.had_tsig,
    }


def unsigned(cmd):
    backend = backend_for(cmd['host'], cmd['port'])
    zone = objects.Zone(name=cmd['zone'])
    op = cmd['op']
    if op == 'notify':
        response = dnsutils.notify(cmd['zone'], cmd['host'], port=cmd['port'])
        return dict(ok=True, **describe(response))
    try:
        if op == 'create':
            backend.create_zone(None, zone)
        else:
            backend.delete_zone(None, zone)
        return {'ok': True}
    except exceptions.Backend as e:
        return {'ok': False, 'error': str(e)}


def signed(cmd):
    key = cmd['tsig']
    keyname = dns.name.from_text(key['name'])
    keyring = dns.tsigkeyring.from_text({key['name']: (key['algorithm'], key['secret'])})
    if cmd['op'] == 'notify':
        message = dnsutils.prepare_dns_message(
            cmd['zone'], rdatatype=dns.rdatatype.SOA, opcode=dns.opcode.NOTIFY)
    else:
        rdtype = private_codes.CREATE if cmd['op'] == 'create' else private_codes.DELETE
        message = agent.AgentPoolBackend._make_dns_message(
            cmd['zone'], private_codes.CC, rdtype, private_codes.CLASSCC)
    message.use_tsig(keyring, keyname=keyname, algorithm=key['algorithm'])
    try:
        response = dnsutils.send_dns_message(
            message, cmd['host'], port=cmd['port'], timeout=CONF['service:worker'].poll_timeout)
    except dns.exception.DNSException as e:
        return {'ok': False, 'error': type(e).__name__}
    result = describe(response)
    ok = result['rcode'] == 'NOERROR' and (result['aa'] or cmd['op'] == 'notify')
    return dict(ok=ok, **result)


def main():
    timeout = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    configure(timeout, len(sys.argv) > 2 and sys.argv[2] == 'tcp')
    print(json.dumps({'ready': True, 'designate': version.version_info.version_string(),
                      'dnspython': dns.version.version}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        try:
            result = signed(cmd) if cmd.get('tsig') else unsigned(cmd)
        except Exception as e:  # report, keep serving: the Java side asserts on it
            result = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
        print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
