"""Orchestration: the one harvest pipeline, the Prefect flows and schedule, and the CLI on top.

Prefect reads its settings when it is imported, so the few this project needs are set here, before any
module of ours imports it (every entry point imports ``flows`` first: the CLI, the flows, the tests'
harness, the benchmarks). Each is a default only (``setdefault``): a person who wants otherwise exports
the variable. Child processes (the temporary API server, Dask workers) inherit them.

- ``PREFECT_SERVER_ANALYTICS_ENABLED=false``: the API server's telemetry service posts to an outside host
  (sens-o-matic.prefect.io) and, on a busy machine, raced the flow run for the SQLite database
  ("database is locked" tracebacks in the demo). No process of ours contacts an outside host.
- ``DO_NOT_TRACK=1``: the client side's own usage events (prefect._internal.analytics), the same host's
  other door.
- ``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120``: Prefect's temporary API server gets 20 s to
  start by default; on a loaded 2-core machine (CI, a laptop running the tests) it was seen to need more,
  and the night then died before its first task.
"""

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}

for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
