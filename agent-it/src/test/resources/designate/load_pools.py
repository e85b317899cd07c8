# SPDX-License-Identifier: Apache-2.0
"""Loads pools files with Designate's own code, as `designate-manage pool update` does (without
designate-central): yaml.safe_load, DesignateAdapter.parse('YAML', pool, objects.Pool()) for each
pool, then PoolCommands._validate_pool's checks (NS records valid, a backend driver of each
target's type). Prints one JSON line per file: {"file": ..., "ok": true|false, "error": ...}.

  load_pools.py FILE..."""

import json
import sys

import yaml

import designate.conf  # noqa: F401
from designate.backend import base as backend_base
from designate import objects
from designate.objects.adapters import DesignateAdapter

designate.conf.CONF([], project="designate")

for path in sys.argv[1:]:
    result = {"file": path, "ok": False}
    try:
        with open(path) as stream:
            pools = yaml.safe_load(stream)
        if not isinstance(pools, list) or not pools:
            raise ValueError("not a list of pools")
        names = []
        for data in pools:
            pool = DesignateAdapter.parse("YAML", data, objects.Pool())
            for ns_record in pool.ns_records:
                ns_record.validate()
            for target in pool.targets:
                backend_base.Backend.get_driver(target.type)
            pool.validate()
            names.append(pool.name)
        result["ok"] = True
        result["pools"] = ",".join(names)
    except Exception as e:  # noqa: BLE001
        result["error"] = "%s: %s" % (type(e).__name__, str(e).replace("\n", " "))
    print(json.dumps(result), flush=True)
