# SPDX-License-Identifier: Apache-2.0
"""Runs Designate's own agent (designate.cmd.agent, what /usr/bin/designate-agent runs) with two
test-only changes: dnspython's opcode enum widened to include 14 (Designate 16's OpcodeWith14;
without it Designate 15's agent cannot read a CREATE or DELETE and never answers), and the `fake`
backend given a body that keeps each zone as a file in $AGENT_ZONE_DIR, so that the test can see
what the agent did. Everything else - listener, handler, AXFR from the masters - is Designate's.

usage: designate_agent.py --config-file FILE"""

import os
import sys

import widen_opcode

widen_opcode.widen()

import dns.zone  # noqa: E402

from designate.backend.agent_backend import impl_fake  # noqa: E402

ZONE_DIR = os.environ['AGENT_ZONE_DIR']


def _path(zone_name):
    name = zone_name if zone_name.endswith('.') else zone_name + '.'
    return os.path.join(ZONE_DIR, name + 'zone')


def find_zone_serial(self, zone_name):
    path = _path(zone_name)
    if not os.path.exists(path):
        return None
    zone = dns.zone.from_file(path, origin=zone_name, relativize=False)
    return zone.get_rdataset(zone.origin, 'SOA')[0].serial


def create_zone(self, zone):
    path = _path(zone.origin.to_text())
    zone.to_file(path + '.tmp', relativize=False)
    os.replace(path + '.tmp', path)


def delete_zone(self, zone_name):
    if os.path.exists(_path(zone_name)):
        os.remove(_path(zone_name))


impl_fake.FakeBackend.find_zone_serial = find_zone_serial
impl_fake.FakeBackend.create_zone = create_zone
impl_fake.FakeBackend.update_zone = create_zone
impl_fake.FakeBackend.delete_zone = delete_zone

from designate.cmd.agent import main  # noqa: E402

if __name__ == '__main__':
    sys.argv[0] = 'designate-agent'
    sys.exit(main())
